package io.sentifuse.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.data.Label;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.seeds.Seeds;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class FeatureSetTest {

    private static final FeatureDims DIMS = new FeatureDims(2, 3, 3, 2);

    /** "a": one token, "b": three; every kind held. */
    private static InMemoryFeatureSet twoExamples() {
        return InMemoryFeatureSet.builder(DIMS, EnumSet.allOf(FeatureKind.class))
                .add("a", Label.POSITIVE, new float[] {1, 2}, new float[] {1, 1}, new float[] {1, 2, 3},
                        new float[] {1, 2, 3, 4, 5, 6})
                .add("b", Label.NEGATIVE, new float[] {3, 4}, new float[] {2, 2, 3, 3, 4, 4}, new float[] {4, 5, 6},
                        new float[] {6, 5, 4, 3, 2, 1})
                .build();
    }

    @Test
    void batchesPadTokensToTheLongestRowAndMaskThePadding() {
        InMemoryFeatureSet set = twoExamples();
        try (FeatureBatch b = set.batch(new int[] {1, 0}, EnumSet.allOf(FeatureKind.class))) {
            assertThat(b.ids()).containsExactly("b", "a");
            assertThat(b.labels()).containsExactly(Label.NEGATIVE.index(), Label.POSITIVE.index());
            assertThat(b.textTokens().shape()).containsExactly(2, 3, 2);
            assertThat(b.textMask().toFloatMatrix()).isEqualTo(new float[][] {{1, 1, 1}, {1, 0, 0}});
            assertThat(b.textTokens().getFloat(1, 1, 0)).isZero();
            assertThat(b.imageRegions().shape()).containsExactly(2, 2, 3);
            assertThat(b.imageRegions().getFloat(0, 1, 2)).isEqualTo(1f);
            assertThat(b.textPooled().toFloatMatrix()).isEqualTo(new float[][] {{3, 4}, {1, 2}});
        }
        try (FeatureBatch b = set.batch(new int[] {0}, Set.of(FeatureKind.TEXT_TOKENS))) {
            assertThat(b.textTokens().shape()).as("padded to this batch's longest, not the set's").containsExactly(1, 1, 2);
            assertThat(b.imagePooled()).isNull();
        }
    }

    @Test
    void examplesAreVisitedWithTheirRealRowsOnlyAndTheBatchValues() {
        InMemoryFeatureSet set = twoExamples();
        List<float[]> tokens = new java.util.ArrayList<>();
        set.forEachExample(FeatureKind.TEXT_TOKENS, (values, rows, width) -> {
            assertThat(width).isEqualTo(2);
            tokens.add(java.util.Arrays.copyOf(values, rows * width));
        });
        assertThat(tokens).containsExactly(new float[] {1, 1}, new float[] {2, 2, 3, 3, 4, 4});
        List<float[]> regions = new java.util.ArrayList<>();
        set.forEachExample(FeatureKind.IMAGE_REGIONS, (values, rows, width) -> {
            assertThat(rows).isEqualTo(2);
            regions.add(java.util.Arrays.copyOf(values, rows * width));
        });
        try (FeatureBatch b = set.batch(new int[] {0, 1}, Set.of(FeatureKind.IMAGE_REGIONS))) {
            assertThat(regions.get(0)).containsExactly(b.imageRegions().slice(0).dup().data().asFloat());
            assertThat(regions.get(1)).containsExactly(b.imageRegions().slice(1).dup().data().asFloat());
        }
        List<float[]> pooled = new java.util.ArrayList<>();
        set.forEachExample(FeatureKind.IMAGE_POOLED, (values, rows, width) ->
                pooled.add(java.util.Arrays.copyOf(values, rows * width)));
        assertThat(pooled).containsExactly(new float[] {1, 2, 3}, new float[] {4, 5, 6});
        InMemoryFeatureSet pooledOnly = InMemoryFeatureSet.builder(DIMS, Set.of(FeatureKind.TEXT_POOLED))
                .add("x", Label.NEUTRAL, new float[] {0, 0}, null, null, null).build();
        assertThatThrownBy(() -> pooledOnly.forEachExample(FeatureKind.TEXT_TOKENS, (v, r, w) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TEXT_TOKENS");
    }

    @Test
    void missingKindsAndWrongSizesAreNamed() {
        InMemoryFeatureSet pooledOnly = InMemoryFeatureSet.builder(DIMS, Set.of(FeatureKind.TEXT_POOLED))
                .add("x", Label.NEUTRAL, new float[] {0, 0}, null, null, null).build();
        assertThatThrownBy(() -> pooledOnly.batch(new int[] {0}, Set.of(FeatureKind.IMAGE_REGIONS)))
                .hasMessageContaining("IMAGE_REGIONS");
        assertThatThrownBy(() -> InMemoryFeatureSet.builder(DIMS, Set.of(FeatureKind.TEXT_POOLED))
                .add("bad-1", Label.NEUTRAL, new float[] {0}, null, null, null))
                .hasMessageContaining("bad-1").hasMessageContaining("TEXT_POOLED must hold 2 floats, got 1");
        assertThatThrownBy(() -> InMemoryFeatureSet.builder(DIMS, Set.of(FeatureKind.TEXT_TOKENS))
                .add("long", Label.NEUTRAL, null, new float[8], null, null))
                .hasMessageContaining("long").hasMessageContaining("1..3 rows");
    }

    @Test
    void syntheticDataIsReproducibleAndConsistent() {
        TrainingConfig.Synthetic spec = ConfigLoader.defaults(List.of("training.synthetic.examples=200"))
                .training().synthetic();
        FeatureSplits a = SyntheticFeatures.generate(spec, Seeds.of(11));
        FeatureSplits b = SyntheticFeatures.generate(spec, Seeds.of(11));
        FeatureSplits c = SyntheticFeatures.generate(spec, Seeds.of(12));
        assertThat(a.train().size() + a.validation().size()).isEqualTo(200);
        assertThat(a.validation().size()).isEqualTo(40);
        int[] idx = {0, 1, 2, 3};
        Set<FeatureKind> all = EnumSet.allOf(FeatureKind.class);
        try (FeatureBatch x = a.train().batch(idx, all); FeatureBatch y = b.train().batch(idx, all);
             FeatureBatch z = c.train().batch(idx, all)) {
            assertThat(x.textTokens()).isEqualTo(y.textTokens());
            assertThat(x.ids()).containsExactly(y.ids());
            assertThat(x.textTokens()).isNotEqualTo(z.textTokens());
            // pooled text = masked mean of the tokens, as the feature cache computes it
            INDArray mask = x.textMask();
            INDArray mean = x.textTokens().mul(mask.reshape(4, mask.size(1), 1)).sum(1)
                    .divColumnVector(mask.sum(1).reshape(4, 1));
            assertThat(mean.equalsWithEps(x.textPooled(), 1e-5)).isTrue();
            assertThat(x.imageRegions().mean(1).equalsWithEps(x.imagePooled(), 1e-5)).isTrue();
        }
        assertThatThrownBy(() -> SyntheticFeatures.generate(ConfigLoader.defaults(
                List.of("training.synthetic.text_dim=3")).training().synthetic(), Seeds.of(1)))
                .isInstanceOf(UserInputException.class).hasMessageContaining("text_dim");
    }
}
