package io.sentifuse.data.stream;

import io.sentifuse.model.LabelledBatch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A mini-batch of raw pairs as an end-to-end graph reads them, built once from the pairs' records.
 *
 * @param ids           pair ids, one per row
 * @param labels        class indices, one per row ({@link io.sentifuse.data.PairRecords#UNLABELLED} where unknown)
 * @param tokenIds      INT64 {@code [B, T]}, padded with the tokenizer's pad id to the batch's longest text
 * @param attentionMask INT64 {@code [B, T]}, 1 on tokens, 0 on padding
 * @param images        FLOAT {@code [B, 3, S, S]} as the image encoder's transform makes them, or null when the
 *                      images were not decoded (a frozen CNN's features come from its cache)
 */
public record PairBatch(String[] ids, int[] labels, INDArray tokenIds, INDArray attentionMask, INDArray images)
        implements LabelledBatch {

    @Override
    public void close() {
        for (INDArray a : new INDArray[] {tokenIds, attentionMask, images}) {
            if (a != null && !a.wasClosed() && a.closeable()) {
                a.close();
            }
        }
    }
}
