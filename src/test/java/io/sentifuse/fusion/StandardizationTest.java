package io.sentifuse.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.features.FeatureBatch;
import io.sentifuse.features.FeatureKind;
import io.sentifuse.features.FeatureSet;
import io.sentifuse.features.SyntheticFeatures;
import io.sentifuse.seeds.Seeds;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class StandardizationTest {

    /**
     * The statistics read example by example equal, bit for bit, those of the padded batches they replaced
     * (same values, same summation order; padding skipped by the mask), for every kind, over more than one batch.
     */
    @Test
    void statisticsEqualThoseOfPaddedBatchesBitForBit() {
        FeatureSet train = SyntheticFeatures.generate(ConfigLoader.defaults(List.of(
                "training.synthetic.examples=700", "training.synthetic.tokens=9")).training().synthetic(),
                Seeds.of(3)).train();
        EnumSet<FeatureKind> kinds = EnumSet.allOf(FeatureKind.class);
        Standardization st = Standardization.fit(train, kinds);
        for (FeatureKind kind : kinds) {
            float[][] expected = fromBatches(train, kind, 256);
            assertThat(st.mean().get(kind)).as("mean of %s", kind).containsExactly(expected[0]);
            assertThat(st.std().get(kind)).as("std of %s", kind).containsExactly(expected[1]);
        }
        // standardising changes something: means are not all zero, spreads not all one
        assertThat(st.mean().get(FeatureKind.TEXT_TOKENS)).isNotEqualTo(new float[train.dims().textDim()]);
        Map<String, float[]> arrays = st.asArrays();
        assertThat(Standardization.fromArrays(arrays).mean().get(FeatureKind.IMAGE_REGIONS))
                .containsExactly(st.mean().get(FeatureKind.IMAGE_REGIONS));
    }

    /** The former computation: padded batches of {@code batch} rows, real tokens only, double sums. */
    private static float[][] fromBatches(FeatureSet set, FeatureKind kind, int batch) {
        double[] s = null;
        double[] s2 = null;
        long n = 0;
        for (int start = 0; start < set.size(); start += batch) {
            int[] idx = java.util.stream.IntStream.range(start, Math.min(set.size(), start + batch)).toArray();
            try (FeatureBatch b = set.batch(idx, EnumSet.of(kind))) {
                INDArray a = b.get(kind);
                int width = (int) a.size(a.rank() - 1);
                float[] values = a.dup('c').data().asFloat();
                float[] mask = kind == FeatureKind.TEXT_TOKENS ? b.textMask().dup('c').data().asFloat() : null;
                if (s == null) {
                    s = new double[width];
                    s2 = new double[width];
                }
                for (int row = 0; row < values.length / width; row++) {
                    if (mask != null && mask[row] == 0f) {
                        continue;
                    }
                    n++;
                    for (int j = 0; j < width; j++) {
                        double v = values[row * width + j];
                        s[j] += v;
                        s2[j] += v * v;
                    }
                }
            }
        }
        float[][] out = new float[2][s.length];
        for (int j = 0; j < s.length; j++) {
            double mu = s[j] / n;
            double sd = Math.sqrt(Math.max(0, s2[j] / n - mu * mu));
            out[0][j] = (float) mu;
            out[1][j] = (float) (sd < 1e-6 ? 1.0 : sd);
        }
        return out;
    }
}
