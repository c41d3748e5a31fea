package io.sentifuse.encoder.onnx.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The weight and bias of a Conv fused with its BatchNormalization ({@link ConvBnFusion}): with
 * {@code s = scale / sqrt(var + eps)}, {@code W' = W * s} per output channel and {@code b' = (b - mean) * s + beta}
 * (ONNX Runtime's own inference fold, in float). When every input is known while translating the fold is computed
 * now; otherwise (trainable weights) it becomes weight-sized graph ops, so that W, scale and beta keep receiving
 * their exact gradients.
 */
final class FoldedBatchNorm {

    /** Inputs of a fused Conv node: x, W, optional B, then scale, beta, mean, var. */
    private static final int SCALE = 3;

    private FoldedBatchNorm() {
    }

    /**
     * {W', b'} for the fused node in {@code ctx} computed now, when every input is known while translating; null
     * otherwise. {@code ws} is W's static shape.
     */
    static INDArray[] foldNow(NodeContext ctx, long[] ws) {
        Value w = ctx.input(1);
        Value b = ctx.has(2) ? ctx.input(2) : null;
        Value scale = ctx.input(SCALE);
        Value beta = ctx.input(SCALE + 1);
        Value mean = ctx.input(SCALE + 2);
        Value var = ctx.input(SCALE + 3);
        boolean known = w.isConstant() && (b == null || b.isConstant()) && scale.isConstant() && beta.isConstant()
                && mean.isConstant() && var.isConstant();
        if (!known) {
            return null;
        }
        INDArray s = scale.constant().div(Transforms.sqrt(var.constant().add(epsilon(ctx)), false));
        INDArray w2 = w.constant().mul(s.reshape(perChannel(ws)));
        INDArray shifted = b == null ? mean.constant().neg() : b.constant().sub(mean.constant());
        INDArray b2 = shifted.mul(s).addi(beta.constant());
        return new INDArray[] {w2, b2};
    }

    /** {W', b'} for the fused node in {@code ctx} as graph ops (trainable weights); {@code ws} is W's static shape. */
    static SDVariable[] fold(NodeContext ctx, long[] ws) {
        SameDiff sd = ctx.sd();
        Value b = ctx.has(2) ? ctx.input(2) : null;
        SDVariable s = ctx.var(SCALE).div(sd.math().sqrt(ctx.var(SCALE + 3).add(epsilon(ctx))));
        SDVariable w2 = ctx.var(1).mul(sd.reshape(s, perChannel(ws)));
        SDVariable shifted = b == null ? ctx.var(SCALE + 2).neg() : ctx.var(2).sub(ctx.var(SCALE + 2));
        SDVariable b2 = shifted.mul(s).add(ctx.var(SCALE + 1));
        return new SDVariable[] {w2, b2};
    }

    private static float epsilon(NodeContext ctx) {
        return ctx.attrs().f(ConvBnFusion.EPSILON, 1e-5f);
    }

    private static long[] perChannel(long[] ws) {
        long[] perChannel = new long[ws.length];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[0] = ws[0];
        return perChannel;
    }
}
