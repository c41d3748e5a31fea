package io.sentifuse.fusion;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Multi-head scaled dot-product attention from elementary SameDiff ops (ND4J's fused op has no attention
 * dropout and its weights output is awkward to name), with a key padding mask.
 */
public final class Attention {

    /** Added to the scores of padded keys: their softmax weight underflows to exactly 0. */
    private static final double MASKED_SCORE = -1e9;

    /**
     * An attention output and its weights.
     *
     * @param output  {@code [B, Tq, dim]}
     * @param weights {@code [B, heads, Tq, Tk]}, each row sums to 1 over the real keys (before attention dropout)
     */
    public record Result(SDVariable output, SDVariable weights) {
    }

    private Attention() {
    }

    /**
     * Queries {@code [B, Tq, dim]} attend to keys = values {@code [B, Tk, dim]}.
     *
     * @param keyMask {@code [B, Tk]}, 1 for real keys, 0 for padding; null when every key is real
     * @param dropout dropout on the attention weights
     */
    public static Result multiHead(Layers nn, String name, SDVariable query, SDVariable keyValue, SDVariable keyMask,
                                   long dim, int heads, double dropout) {
        if (heads <= 0 || dim % heads != 0) {
            throw new IllegalArgumentException(name + ": attention heads (" + heads + ") must divide the width ("
                    + dim + ")");
        }
        SameDiff sd = nn.sd();
        long headDim = dim / heads;
        SDVariable q = split(nn, nn.denseSeq(name + "/query", query, dim, dim), heads, headDim);
        SDVariable k = split(nn, nn.denseSeq(name + "/key", keyValue, dim, dim), heads, headDim);
        SDVariable v = split(nn, nn.denseSeq(name + "/value", keyValue, dim, dim), heads, headDim);
        SDVariable scores = sd.mmul(q, k, false, true, false).div(Math.sqrt(headDim));
        if (keyMask != null) {
            SDVariable bias = sd.expandDims(sd.expandDims(keyMask.sub(1.0).mul(-MASKED_SCORE), 1), 1);
            scores = scores.add(bias);
        }
        SDVariable weights = sd.nn.softmax(scores, 3);
        SDVariable context = sd.mmul(nn.dropout(weights, dropout), v);
        SDVariable merged = sd.reshape(sd.permute(context, 0, 2, 1, 3), nn.leadingShape(query, 2, dim));
        return new Result(nn.denseSeq(name + "/out", merged, dim, dim), weights);
    }

    /** {@code [B, T, heads * headDim] -> [B, heads, T, headDim]}. */
    private static SDVariable split(Layers nn, SDVariable x, int heads, long headDim) {
        SDVariable shaped = nn.sd().reshape(x, nn.leadingShape(x, 2, heads, headDim));
        return nn.sd().permute(shaped, 0, 2, 1, 3);
    }
}
