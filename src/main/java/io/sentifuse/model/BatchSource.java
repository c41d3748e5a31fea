package io.sentifuse.model;

import java.util.Iterator;
import java.util.List;

/**
 * One part of a split (train, validation or test) as mini-batches of {@code B}. The trainer asks for one pass
 * at a time: shuffled for a training epoch (the order a function of the run seed and the epoch only, so a
 * resumed run sees the batches the uninterrupted one saw), in part order for evaluation.
 *
 * @param <B> the batch type the model reads
 */
public interface BatchSource<B extends LabelledBatch> extends AutoCloseable {

    /** Examples in the part (before any that a pass leaves out, see {@link #skipped()}). */
    int size();

    /** Every example's class index, in part order (class weights are computed from the training part's). */
    int[] labelIndices();

    /**
     * One pass in batches of {@code batchSize}: shuffled for {@code epoch} when {@code epoch >= 0}, in part order
     * when it is {@link #IN_ORDER}. A new pass abandons what is left of the previous one.
     */
    Iterator<B> pass(int batchSize, int epoch);

    /** {@link #pass}'s {@code epoch} for a pass in part order. */
    int IN_ORDER = -1;

    /** Examples a pass left out under {@code data.item_policy: skip}, as "id: problem", so far. */
    default List<String> skipped() {
        return List.of();
    }

    /** Optimiser steps of one epoch. */
    default int batchesPerEpoch(int batchSize) {
        return (size() + batchSize - 1) / batchSize;
    }

    /** Releases threads or files the source holds. */
    @Override
    default void close() {
    }
}
