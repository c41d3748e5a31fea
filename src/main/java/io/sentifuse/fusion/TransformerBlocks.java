package io.sentifuse.fusion;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The transformer sub-layers heads share: the residual attention block (self- or cross-attention) and the
 * position-wise feed-forward block, both post-norm as in PyTorch's {@code nn.TransformerEncoderLayer}
 * (which the paper's course project used), and the encoder layer made of the two.
 */
public final class TransformerBlocks {

    private TransformerBlocks() {
    }

    /**
     * {@code LayerNorm(q + Dropout(MultiHeadAttention(q, kv)))}.
     *
     * @param keyMask padding mask of {@code keyValue} or null
     * @param dropout on the attention weights and on the residual branch
     */
    public static Attention.Result attentionBlock(Layers nn, String name, SDVariable query, SDVariable keyValue,
                                                  SDVariable keyMask, long dim, int heads, double dropout) {
        Attention.Result attention = Attention.multiHead(nn, name + "/attention", query, keyValue, keyMask, dim,
                heads, dropout);
        SDVariable out = nn.layerNorm(name + "/norm1", query.add(nn.dropout(attention.output(), dropout)), dim);
        return new Attention.Result(out, attention.weights());
    }

    /** {@code LayerNorm(x + Dropout(W2 Dropout(ReLU(W1 x))))} over {@code [B, T, dim]}. */
    public static SDVariable feedForwardBlock(Layers nn, String name, SDVariable x, long dim, long hidden,
                                              double dropout) {
        SDVariable h = nn.sd().nn.relu(nn.denseSeq(name + "/ffn1", x, dim, hidden), 0);
        SDVariable y = nn.denseSeq(name + "/ffn2", nn.dropout(h, dropout), hidden, dim);
        return nn.layerNorm(name + "/norm2", x.add(nn.dropout(y, dropout)), dim);
    }

    /** One transformer encoder layer: masked self-attention block, then the feed-forward block. */
    public static Attention.Result encoderLayer(Layers nn, String name, SDVariable x, SDVariable mask, long dim,
                                                int heads, long ffn, double dropout) {
        Attention.Result attention = attentionBlock(nn, name, x, x, mask, dim, heads, dropout);
        return new Attention.Result(feedForwardBlock(nn, name, attention.output(), dim, ffn, dropout),
                attention.weights());
    }

    /** A cross-attention block: queries of one modality attend to the other, then the feed-forward block. */
    public static Attention.Result crossAttentionBlock(Layers nn, String name, SDVariable query, SDVariable keyValue,
                                                       SDVariable keyMask, long dim, int heads, long ffn,
                                                       double dropout) {
        Attention.Result attention = attentionBlock(nn, name, query, keyValue, keyMask, dim, heads, dropout);
        return new Attention.Result(feedForwardBlock(nn, name, attention.output(), dim, ffn, dropout),
                attention.weights());
    }
}
