package io.sentifuse.features;

import io.sentifuse.data.Label;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link FeatureSet} held in Java arrays: for tests, synthetic tasks and sets small enough for memory
 * (4,000 MVSA pairs with pooled vectors take ~27 MB; with 49 regions of 1280 floats, ~1 GB).
 */
public final class InMemoryFeatureSet extends RowFeatureSet {

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
    @Override
    public int tokenCount(int i) {
        return kinds.contains(FeatureKind.TEXT_TOKENS) ? tokenCounts[i] : 0;
    }

    @Override
    protected void copyTextPooled(int i, float[] dst, int off) {
        System.arraycopy(textPooled.get(i), 0, dst, off, dims.textDim());
    }

    @Override
    protected void copyTokens(int i, float[] dst, int off) {
        System.arraycopy(textTokens.get(i), 0, dst, off, tokenCounts[i] * dims.textDim());
    }

    @Override
    protected void copyImagePooled(int i, float[] dst, int off) {
        System.arraycopy(imagePooled.get(i), 0, dst, off, dims.imageDim());
    }

    @Override
    protected void copyRegions(int i, float[] dst, int off) {
        System.arraycopy(imageRegions.get(i), 0, dst, off, dims.regions() * dims.imageDim());
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
