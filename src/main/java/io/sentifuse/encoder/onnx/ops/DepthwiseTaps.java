package io.sentifuse.encoder.onnx.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A 2-D depthwise convolution (one filter per channel) as a sum of shifted products, one per kernel tap:
 * {@code out = sum over (i, j) of x[:, :, i*dh + s*y, j*dw + s*x] * w[:, 0, i, j]} on the zero-padded input.
 * ND4J's own depthwise_conv2d builds an im2col buffer and runs one tiny matrix product per channel; in ND4J builds
 * without oneDNN this form is 2.6-8.9x faster on MobileNetV2's layers, gives the same values as that kernel (bit for
 * bit there, measured) and differentiates through strided slices, products and sums. Builds with oneDNN run its
 * kernel instead ({@link io.sentifuse.encoder.onnx.TranslationOptions.Depthwise}), whose rounding differs.
 */
final class DepthwiseTaps {

    /** Largest kernel (taps) rewritten; each tap is three graph ops. */
    static final long MAX_TAPS = 49;

    private DepthwiseTaps() {
    }

    /**
     * Whether the node is a depthwise convolution to rewrite: taps chosen, 2-D, multiplier 1, static spatial input
     * size.
     */
    static boolean applies(NodeContext ctx, Value x, int nd, long group, long channels, long[] ws, long[] kernel) {
        return ctx.depthwiseTaps() && nd == 2 && group > 1 && group == channels && ws[0] == channels
                && x.dim(2) > 0 && x.dim(3) > 0 && kernel[0] * kernel[1] <= MAX_TAPS;
    }

    /**
     * The convolution of {@code x} ([N, C, H, W], static H and W given in {@code xs}) with {@code w} ([C, 1, kh, kw])
     * plus {@code bias} ([C] or null); {@code padSpec} is the explicit [4][2] zero padding, {@code out} the output shape.
     * A known weight gives one constant per tap; a trainable one is sliced per tap in the graph.
     */
    static SDVariable conv(NodeContext ctx, SDVariable x, long[] xs, Weight w, SDVariable bias, long[] k, long[] s,
                           long[] d, long[][] padSpec, long[] out) {
        SameDiff sd = ctx.sd();
        boolean padded = padSpec[2][0] != 0 || padSpec[2][1] != 0 || padSpec[3][0] != 0 || padSpec[3][1] != 0;
        SDVariable xp = padded ? sd.nn().pad(x, ctx.constant(Nd4j.createFromArray(padSpec)), PadMode.CONSTANT, 0) : x;
        long channels = xs[1] > 0 ? xs[1] : out[1];
        SDVariable taps = w.known() == null ? sd.permute(w.variable(), 1, 0, 2, 3) : null;
        int keepBatchAndChannels = 0b11;
        SDVariable sum = null;
        for (long i = 0; i < k[0]; i++) {
            for (long j = 0; j < k[1]; j++) {
                long top = i * d[0];
                long left = j * d[1];
                SDVariable shifted = sd.stridedSlice(xp, new long[] {0, 0, top, left},
                        new long[] {0, 0, top + (out[2] - 1) * s[0] + 1, left + (out[3] - 1) * s[1] + 1},
                        new long[] {1, 1, s[0], s[1]}, keepBatchAndChannels, keepBatchAndChannels, 0, 0, 0);
                SDVariable weight = taps == null
                        ? ctx.constant(w.known().get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.point(i),
                                NDArrayIndex.point(j)).reshape(1, channels, 1, 1).dup('c'))
                        : sd.stridedSlice(taps, new long[] {0, 0, i, j}, new long[] {1, channels, i + 1, j + 1},
                                new long[] {1, 1, 1, 1});
                SDVariable term = shifted.mul(weight);
                sum = sum == null ? term : sum.add(term);
            }
        }
        return bias == null ? sum : sum.add(sd.reshape(bias, 1, channels, 1, 1));
    }
}
