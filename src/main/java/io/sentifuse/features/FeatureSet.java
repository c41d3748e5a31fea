package io.sentifuse.features;

import io.sentifuse.data.Label;
import java.util.Set;

/**
 * The trainer's input: one part of a split (train, validation or test) as encoder features, N examples with
 * their labels and ids. This is what the feature cache implements (frozen-encoder mode); tests use
 * {@link InMemoryFeatureSet} and {@link SyntheticFeatures}.
 *
 * <p>Contract: {@link #batch} returns FLOAT arrays; token states are padded to the longest sequence among
 * the requested rows (dynamic padding) with a 0/1 mask; every example has at least one real token; every
 * kind in {@link #kinds()} is present for every example. Implementations may read lazily from disk and must
 * be safe to call from one thread at a time.
 */
public interface FeatureSet {

    /** Number of examples. */
    int size();

    /** Tensor sizes. */
    FeatureDims dims();

    /** The kinds this set holds. */
    Set<FeatureKind> kinds();

    /** The id of example {@code i} (the dataset's item id). */
    String id(int i);

    /** The label of example {@code i}. */
    Label label(int i);

    /**
     * The examples at {@code indices}, in that order, with only the requested {@code kinds}.
     *
     * @throws IllegalArgumentException when a requested kind is not in {@link #kinds()}
     */
    FeatureBatch batch(int[] indices, Set<FeatureKind> kinds);

    /** Receives the vectors of one example: {@code rows} vectors of {@code width} floats, row-major in {@code values}. */
    @FunctionalInterface
    interface VectorSink {
        void accept(float[] values, int rows, int width);
    }

    /**
     * Passes every example's vectors of {@code kind} to {@code sink}, in example order: one vector for the pooled
     * kinds, one per real token for {@link FeatureKind#TEXT_TOKENS} (no padding), one per region for
     * {@link FeatureKind#IMAGE_REGIONS}. The values are those {@link #batch} returns; the array handed over is
     * reused for the next example. For whole-part statistics: no batch arrays are built.
     *
     * @throws IllegalArgumentException when {@code kind} is not in {@link #kinds()}
     */
    void forEachExample(FeatureKind kind, VectorSink sink);

    /** Every label as a class index, in example order. */
    default int[] labelIndices() {
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = label(i).index();
        }
        return out;
    }
}
