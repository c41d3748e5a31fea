package io.sentifuse.features;

import io.sentifuse.model.LabelledBatch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A mini-batch of features (FLOAT arrays), rows in the order asked for. Arrays of kinds that were not asked
 * for are {@code null}. The batch owns its arrays: close it when done.
 *
 * @param ids          example ids, one per row
 * @param labels       class indices ({@link io.sentifuse.data.Label#index()}), one per row
 * @param textPooled   {@code [B, Dt]}
 * @param textTokens   {@code [B, T, Dt]}, T = the longest sequence in this batch; padded rows are zeros
 * @param textMask     {@code [B, T]}, 1 for real tokens, 0 for padding
 * @param imagePooled  {@code [B, Di]}
 * @param imageRegions {@code [B, R, Di]}
 */
public record FeatureBatch(String[] ids, int[] labels, INDArray textPooled, INDArray textTokens, INDArray textMask,
                           INDArray imagePooled, INDArray imageRegions) implements LabelledBatch {

    @Override
    public int size() {
        return labels.length;
    }

    /** The array of one kind (the mask comes with {@link FeatureKind#TEXT_TOKENS}: see {@link #textMask()}). */
    public INDArray get(FeatureKind kind) {
        return switch (kind) {
            case TEXT_POOLED -> textPooled;
            case TEXT_TOKENS -> textTokens;
            case IMAGE_POOLED -> imagePooled;
            case IMAGE_REGIONS -> imageRegions;
        };
    }

    @Override
    public void close() {
        for (INDArray a : new INDArray[] {textPooled, textTokens, textMask, imagePooled, imageRegions}) {
            if (a != null && !a.wasClosed() && a.closeable()) {
                a.close();
            }
        }
    }
}
