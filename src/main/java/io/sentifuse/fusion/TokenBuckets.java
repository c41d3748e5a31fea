package io.sentifuse.fusion;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Pads a training batch's token states to a multiple of {@value #BUCKET} positions (zero states, mask 0).
 *
 * <p>Why: a batch's token axis is its longest text, which on MVSA-Single takes some 50 different values over
 * an epoch (batch of 16: 45 to 65 tokens for most batches), and every array of a training step whose shape
 * has T is reused by later steps only for the same T ({@link StepMemory}). Rounding T up gives a handful of
 * shapes for a few percent more positions. Padding changes no value the loss sees: padded tokens are masked
 * out of attention (as keys) and of every pooled mean, and attention rows of padded queries are never read;
 * only the dropout masks, drawn for the padded shape, differ.
 */
final class TokenBuckets {

    static final int BUCKET = 8;

    private TokenBuckets() {
    }

    /** The token axis length a batch of longest text {@code t} is padded to. */
    static long bucket(long t) {
        return (t + BUCKET - 1) / BUCKET * BUCKET;
    }

    /**
     * {@code tokens [B, T, D]} and {@code mask [B, T]} padded along T to {@link #bucket}(T): new arrays (the
     * caller closes them), or null when T is already a multiple of {@value #BUCKET}.
     */
    static INDArray[] pad(INDArray tokens, INDArray mask) {
        long t = tokens.size(1);
        long padded = bucket(t);
        if (padded == t) {
            return null;
        }
        INDArray states = Nd4j.zeros(tokens.dataType(), tokens.size(0), padded, tokens.size(2));
        states.get(NDArrayIndex.all(), NDArrayIndex.interval(0, t), NDArrayIndex.all()).assign(tokens);
        INDArray m = Nd4j.zeros(mask.dataType(), mask.size(0), padded);
        m.get(NDArrayIndex.all(), NDArrayIndex.interval(0, t)).assign(mask);
        return new INDArray[] {states, m};
    }
}
