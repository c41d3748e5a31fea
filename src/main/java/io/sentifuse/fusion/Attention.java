package io.sentifuse.fusion;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Multi-head scaled dot-product attention from elementary SameDiff ops (ND4J's fused op has no attention
 * dropout and its weights output is awkward to name), with a key padding mask.
 *
 * <p>All heads run at once: queries, keys and values are projected as rows ({@code [B * T, dim]}, one matmul
 * each), viewed as {@code [B, heads, T, dim / heads]} and multiplied as batched matrices; the padding mask
 * enters as an additive bias built once per mask ({@link #keyBias}) and shared by every layer reading it.
 */
public final class Attention {

    /** Added to the scores of padded keys: their softmax weight underflows to exactly 0. */
    private static final double MASKED_SCORE = -1e9;

    /**
     * An attention output and its weights.
     *
     * @param output  one row per query position, {@code [B * Tq, dim]}
     * @param weights {@code [B, heads, Tq, Tk]}, each row sums to 1 over the real keys (before attention dropout)
     */
    public record Result(Seq output, SDVariable weights) {
    }

    private Attention() {
    }

    /**
     * The additive score bias of a key padding mask: {@code [B, Tk] -> [B, 1, 1, Tk]}, 0 for real keys and
     * {@value #MASKED_SCORE} for padding; null for a null mask (every key real).
     */
    public static SDVariable keyBias(SameDiff sd, SDVariable keyMask) {
        if (keyMask == null) {
            return null;
        }
        return sd.expandDims(sd.expandDims(keyMask.sub(1.0).mul(-MASKED_SCORE), 1), 1);
    }

    /**
     * Queries {@code [B, Tq, dim]} attend to keys = values {@code [B, Tk, dim]}.
     *
     * @param keyBias {@link #keyBias} of the keys' padding mask; null when every key is real
     * @param dropout dropout on the attention weights
     */
    public static Result multiHead(Layers nn, String name, Seq query, Seq keyValue, SDVariable keyBias, long dim,
                                   int heads, double dropout) {
        if (heads <= 0 || dim % heads != 0) {
            throw new IllegalArgumentException(name + ": attention heads (" + heads + ") must divide the width ("
                    + dim + ")");
        }
        SameDiff sd = nn.sd();
        long headDim = dim / heads;
        SDVariable q = split(query, nn.dense(name + "/query", query.rows(), dim, dim), heads, headDim);
        SDVariable k = split(keyValue, nn.dense(name + "/key", keyValue.rows(), dim, dim), heads, headDim);
        SDVariable v = split(keyValue, nn.dense(name + "/value", keyValue.rows(), dim, dim), heads, headDim);
        SDVariable scores = sd.mmul(q, k, false, true, false).div(Math.sqrt(headDim));
        if (keyBias != null) {
            scores = scores.add(keyBias);
        }
        SDVariable weights = sd.nn.softmax(scores, 3);
        SDVariable context = sd.mmul(nn.dropout(weights, dropout), v);
        SDVariable merged = sd.reshape(sd.permute(context, 0, 2, 1, 3), -1, dim);
        return new Result(query.with(nn.dense(name + "/out", merged, dim, dim), dim), weights);
    }

    /** Rows {@code [B * T, heads * headDim]} of {@code seq}'s positions {@code -> [B, heads, T, headDim]}. */
    private static SDVariable split(Seq seq, SDVariable rows, int heads, long headDim) {
        return rows.getSameDiff().permute(seq.view(rows, heads, headDim), 0, 2, 1, 3);
    }
}
