package io.sentifuse.train;

import io.sentifuse.data.Label;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link FeatureSet} held in Java arrays: for tests, synthetic tasks and sets small enough for memory
 * (4,000 MVSA pairs with pooled vectors take ~27 MB; with 49 regions of 1280 floats, ~1 GB).
 */
public final class InMemoryFeatureSet implements FeatureSet {

    private final FeatureDims dims;
    private final Set<FeatureKind> kinds;
    private final List<String> ids;
    private final List<Label> labels;
    private final List<float[]> textPooled;
    private final List<float[]> textTokens;
    private final int[] tokenCounts;
    private final List<float[]> imagePooled;
    private final List<float[]> imageRegions;

    private InMemoryFeatureSet(Builder b) {
        this.dims = b.dims;
        this.kinds = Collections.unmodifiableSet(EnumSet.copyOf(b.kinds));
        this.ids = List.copyOf(b.ids);
        this.labels = List.copyOf(b.labels);
        this.textPooled = b.textPooled;
        this.textTokens = b.textTokens;
        this.tokenCounts = b.tokenCounts.stream().mapToInt(Integer::intValue).toArray();
        this.imagePooled = b.imagePooled;
        this.imageRegions = b.imageRegions;
    }

    /** A builder for a set with these dims holding exactly {@code kinds}. */
    public static Builder builder(FeatureDims dims, Set<FeatureKind> kinds) {
        return new Builder(dims, kinds);
    }

    @Override
    public int size() {
        return ids.size();
    }

    @Override
    public FeatureDims dims() {
        return dims;
    }

    @Override
    public Set<FeatureKind> kinds() {
        return kinds;
    }

    @Override
    public String id(int i) {
        return ids.get(i);
    }

    @Override
    public Label label(int i) {
        return labels.get(i);
    }

    /** Real tokens of example {@code i} (0 when the set has no token states). */
    public int tokenCount(int i) {
        return kinds.contains(FeatureKind.TEXT_TOKENS) ? tokenCounts[i] : 0;
    }

    @Override
    public FeatureBatch batch(int[] indices, Set<FeatureKind> wanted) {
        for (FeatureKind k : wanted) {
            if (!kinds.contains(k)) {
                throw new IllegalArgumentException("feature kind " + k + " was asked for but this set holds only "
                        + kinds);
            }
        }
        int b = indices.length;
        String[] batchIds = new String[b];
        int[] batchLabels = new int[b];
        for (int r = 0; r < b; r++) {
            batchIds[r] = ids.get(indices[r]);
            batchLabels[r] = labels.get(indices[r]).index();
        }
        INDArray tp = wanted.contains(FeatureKind.TEXT_POOLED) ? rows(textPooled, indices, dims.textDim()) : null;
        INDArray ip = wanted.contains(FeatureKind.IMAGE_POOLED) ? rows(imagePooled, indices, dims.imageDim()) : null;
        INDArray ir = null;
        if (wanted.contains(FeatureKind.IMAGE_REGIONS)) {
            ir = rows(imageRegions, indices, dims.regions() * dims.imageDim())
                    .reshape('c', b, dims.regions(), dims.imageDim());
        }
        INDArray tt = null;
        INDArray tm = null;
        if (wanted.contains(FeatureKind.TEXT_TOKENS)) {
            int t = 0;
            for (int i : indices) {
                t = Math.max(t, tokenCounts[i]);
            }
            int d = dims.textDim();
            float[] states = new float[b * t * d];
            float[] mask = new float[b * t];
            for (int r = 0; r < b; r++) {
                int n = tokenCounts[indices[r]];
                System.arraycopy(textTokens.get(indices[r]), 0, states, r * t * d, n * d);
                for (int j = 0; j < n; j++) {
                    mask[r * t + j] = 1f;
                }
            }
            tt = Nd4j.create(states, new long[] {b, t, d}, DataType.FLOAT);
            tm = Nd4j.create(mask, new long[] {b, t}, DataType.FLOAT);
        }
        return new FeatureBatch(batchIds, batchLabels, tp, tt, tm, ip, ir);
    }

    private static INDArray rows(List<float[]> source, int[] indices, int width) {
        float[] out = new float[indices.length * width];
        for (int r = 0; r < indices.length; r++) {
            System.arraycopy(source.get(indices[r]), 0, out, r * width, width);
        }
        return Nd4j.create(out, new long[] {indices.length, width}, DataType.FLOAT);
    }

    /** Collects examples; arrays are copied by reference, so do not modify them after adding. */
    public static final class Builder {
        private final FeatureDims dims;
        private final Set<FeatureKind> kinds;
        private final List<String> ids = new ArrayList<>();
        private final List<Label> labels = new ArrayList<>();
        private final List<float[]> textPooled = new ArrayList<>();
        private final List<float[]> textTokens = new ArrayList<>();
        private final List<Integer> tokenCounts = new ArrayList<>();
        private final List<float[]> imagePooled = new ArrayList<>();
        private final List<float[]> imageRegions = new ArrayList<>();

        private Builder(FeatureDims dims, Set<FeatureKind> kinds) {
            if (kinds.isEmpty()) {
                throw new IllegalArgumentException("a feature set needs at least one kind");
            }
            if (kinds.contains(FeatureKind.TEXT_TOKENS) && dims.maxTokens() == 0) {
                throw new IllegalArgumentException("token states need dims.maxTokens > 0");
            }
            if (kinds.contains(FeatureKind.IMAGE_REGIONS) && dims.regions() == 0) {
                throw new IllegalArgumentException("image regions need dims.regions > 0");
            }
            this.dims = dims;
            this.kinds = EnumSet.copyOf(kinds);
        }

        /**
         * Adds one example. Arrays of kinds the set does not hold may be null.
         *
         * @param tokens row-major {@code [n, Dt]} token states, 1 &lt;= n &lt;= maxTokens
         * @param regions row-major {@code [R, Di]}
         */
        public Builder add(String id, Label label, float[] textPooledVector, float[] tokens,
                           float[] imagePooledVector, float[] regions) {
            need(FeatureKind.TEXT_POOLED, textPooledVector, dims.textDim(), id);
            need(FeatureKind.IMAGE_POOLED, imagePooledVector, dims.imageDim(), id);
            need(FeatureKind.IMAGE_REGIONS, regions, dims.regions() * dims.imageDim(), id);
            int n = 0;
            if (kinds.contains(FeatureKind.TEXT_TOKENS)) {
                if (tokens == null || tokens.length == 0 || tokens.length % dims.textDim() != 0
                        || tokens.length / dims.textDim() > dims.maxTokens()) {
                    throw new IllegalArgumentException("example " + id + ": token states must hold 1.."
                            + dims.maxTokens() + " rows of " + dims.textDim() + " floats, got "
                            + (tokens == null ? "none" : tokens.length + " floats"));
                }
                n = tokens.length / dims.textDim();
            }
            ids.add(id);
            labels.add(label);
            textPooled.add(textPooledVector);
            textTokens.add(tokens);
            tokenCounts.add(n);
            imagePooled.add(imagePooledVector);
            imageRegions.add(regions);
            return this;
        }

        private void need(FeatureKind kind, float[] values, int length, String id) {
            if (kinds.contains(kind) && (values == null || values.length != length)) {
                throw new IllegalArgumentException("example " + id + ": " + kind + " must hold " + length
                        + " floats, got " + (values == null ? "none" : values.length));
            }
        }

        public InMemoryFeatureSet build() {
            return new InMemoryFeatureSet(this);
        }
    }
}
