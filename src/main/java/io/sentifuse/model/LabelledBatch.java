package io.sentifuse.model;

/**
 * A mini-batch as the trainer sees it: example ids and class indices, one per row, plus whatever arrays the
 * model reads ({@link FeatureBatch}: encoder features; fine-tuning: token ids and images). The batch owns its
 * arrays: close it when done.
 */
public interface LabelledBatch extends AutoCloseable {

    /** Example ids, one per row. */
    String[] ids();

    /** Class indices ({@link io.sentifuse.data.Label#index()}), one per row; -1 where unknown (prediction). */
    int[] labels();

    default int size() {
        return labels().length;
    }

    @Override
    void close();
}
