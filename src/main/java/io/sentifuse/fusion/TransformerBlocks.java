package io.sentifuse.fusion;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The transformer sub-layers heads share: the residual attention block (self- or cross-attention) and the
 * position-wise feed-forward block, both post-norm as in PyTorch's {@code nn.TransformerEncoderLayer}
 * (which the paper's course project used), and the encoder layer made of the two. Sequences are rows
 * ({@link Seq}); every step but attention is per position.
 */
public final class TransformerBlocks {

    private TransformerBlocks() {
    }

    /**
     * {@code LayerNorm(q + Dropout(MultiHeadAttention(q, kv)))}.
     *
     * @param keyBias {@link Attention#keyBias} of {@code keyValue}'s padding mask, or null
     * @param dropout on the attention weights and on the residual branch
     */
    public static Attention.Result attentionBlock(Layers nn, String name, Seq query, Seq keyValue,
                                                  SDVariable keyBias, long dim, int heads, double dropout) {
        Attention.Result attention = Attention.multiHead(nn, name + "/attention", query, keyValue, keyBias, dim,
                heads, dropout);
        SDVariable residual = query.rows().add(nn.dropout(attention.output().rows(), dropout));
        return new Attention.Result(query.with(nn.layerNorm(name + "/norm1", residual, dim), dim),
                attention.weights());
    }

    /** {@code LayerNorm(x + Dropout(W2 Dropout(ReLU(W1 x))))} at every position. */
    public static Seq feedForwardBlock(Layers nn, String name, Seq x, long dim, long hidden, double dropout) {
        SDVariable h = nn.relu(nn.dense(name + "/ffn1", x.rows(), dim, hidden));
        SDVariable y = nn.dense(name + "/ffn2", nn.dropout(h, dropout), hidden, dim);
        return x.with(nn.layerNorm(name + "/norm2", x.rows().add(nn.dropout(y, dropout)), dim), dim);
    }

    /** One transformer encoder layer: masked self-attention block, then the feed-forward block. */
    public static Attention.Result encoderLayer(Layers nn, String name, Seq x, SDVariable keyBias, long dim,
                                                int heads, long ffn, double dropout) {
        Attention.Result attention = attentionBlock(nn, name, x, x, keyBias, dim, heads, dropout);
        return new Attention.Result(feedForwardBlock(nn, name, attention.output(), dim, ffn, dropout),
                attention.weights());
    }

    /** A cross-attention block: queries of one modality attend to the other, then the feed-forward block. */
    public static Attention.Result crossAttentionBlock(Layers nn, String name, Seq query, Seq keyValue,
                                                       SDVariable keyBias, long dim, int heads, long ffn,
                                                       double dropout) {
        Attention.Result attention = attentionBlock(nn, name, query, keyValue, keyBias, dim, heads, dropout);
        return new Attention.Result(feedForwardBlock(nn, name, attention.output(), dim, ffn, dropout),
                attention.weights());
    }
}
