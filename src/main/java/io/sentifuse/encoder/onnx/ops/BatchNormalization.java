package io.sentifuse.encoder.onnx.ops;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * BatchNormalization over channel axis 1, as a per-channel affine map (differentiable, unlike ND4J's batchnorm
 * op). Inference mode uses the given running statistics. {@code training_mode=1} (opset 14+) normalises with the batch's own mean and population
 * variance and also returns the updated running statistics: {@code running * momentum + batch * (1 - momentum)}.
 */
public final class BatchNormalization implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        SameDiff sd = ctx.sd();
        Value xv = ctx.input(0);
        int rank = ctx.rank(0);
        double eps = ctx.attrs().f("epsilon", 1e-5f);
        if (ctx.opset() < 9 && ctx.attrs().i("spatial", 1) == 0) {
            throw ctx.error("spatial=0 (per-activation statistics) is not supported");
        }
        SDVariable x = ctx.var(xv);
        SDVariable scale = ctx.var(1);
        SDVariable bias = ctx.var(2);
        SDVariable mean = ctx.var(3);
        SDVariable var = ctx.var(4);
        boolean training = ctx.opset() >= 14 && ctx.attrs().i("training_mode", 0) != 0;
        long[] perChannel = new long[rank];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[1] = -1;
        if (!training) {
            return Emit.one(Value.of(affine(sd, x, mean, var, scale, bias, eps, perChannel), xv.shape()));
        }
        int[] axes = new int[rank - 1];
        axes[0] = 0;
        for (int k = 2; k < rank; k++) {
            axes[k - 1] = k;
        }
        SDVariable batchMean = sd.mean(x, false, axes);
        SDVariable batchVar = sd.variance(x, false, false, axes);
        SDVariable y = affine(sd, x, batchMean, batchVar, scale, bias, eps, perChannel);
        double momentum = ctx.attrs().f("momentum", 0.9f);
        List<Value> out = new ArrayList<>();
        out.add(Value.of(y, xv.shape()));
        long[] cs = ctx.input(3).shape();
        out.add(Value.of(mean.mul(momentum).add(batchMean.mul(1 - momentum)), cs));
        out.add(Value.of(var.mul(momentum).add(batchVar.mul(1 - momentum)), cs));
        return out;
    }

    /**
     * {@code x * a + (bias - mean * a)} with {@code a = scale / sqrt(var + eps)} per channel: ND4J M2.1's fused
     * batchnorm op cannot be differentiated (its BatchNorm.doDiff builds the derivative without the axis and
     * fails), and fine-tuning needs gradients through every layer. The per-channel terms are weight-sized.
     */
    private static SDVariable affine(SameDiff sd, SDVariable x, SDVariable mean, SDVariable var, SDVariable scale,
                                     SDVariable bias, double eps, long[] perChannel) {
        SDVariable a = scale.div(sd.math().sqrt(var.add(eps)));
        SDVariable b = bias.sub(mean.mul(a));
        return x.mul(sd.reshape(a, perChannel)).add(sd.reshape(b, perChannel));
    }
}
