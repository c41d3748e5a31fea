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

    /** {W', b'} for the fused node in {@code ctx}; {@code ws} is W's static shape. */
    static SDVariable[] fold(NodeContext ctx, long[] ws) {
        float eps = ctx.attrs().f(ConvBnFusion.EPSILON, 1e-5f);
        long[] perChannel = new long[ws.length];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[0] = ws[0];
        Value w = ctx.input(1);
        Value b = ctx.has(2) ? ctx.input(2) : null;
        Value scale = ctx.input(SCALE);
        Value beta = ctx.input(SCALE + 1);
        Value mean = ctx.input(SCALE + 2);
        Value var = ctx.input(SCALE + 3);
        boolean known = w.isConstant() && (b == null || b.isConstant()) && scale.isConstant() && beta.isConstant()
                && mean.isConstant() && var.isConstant();
        if (known) {
            INDArray s = scale.constant().div(Transforms.sqrt(var.constant().add(eps), false));
            INDArray w2 = w.constant().mul(s.reshape(perChannel));
            INDArray shifted = b == null ? mean.constant().neg() : b.constant().sub(mean.constant());
            INDArray b2 = shifted.mul(s).addi(beta.constant());
            return new SDVariable[] {ctx.constant(w2), ctx.constant(b2)};
        }
        SameDiff sd = ctx.sd();
        SDVariable s = ctx.var(scale).div(sd.math().sqrt(ctx.var(var).add(eps)));
        SDVariable w2 = ctx.var(w).mul(sd.reshape(s, perChannel));
        SDVariable shifted = b == null ? ctx.var(mean).neg() : ctx.var(b).sub(ctx.var(mean));
        SDVariable b2 = shifted.mul(s).add(ctx.var(beta));
        return new SDVariable[] {w2, b2};
    }
}
