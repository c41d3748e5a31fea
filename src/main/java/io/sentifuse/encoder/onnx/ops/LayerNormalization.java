package io.sentifuse.encoder.onnx.ops;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * LayerNormalization (opset 17): normalise over the axes from {@code axis} (default -1) on, then scale and
 * shift. ND4J's native {@code layer_norm} is used where it computes the same thing: one trailing axis, 1-D
 * scale/bias, and an epsilon too small to matter (it has no epsilon: it divides by the bare standard
 * deviation), as BERT's 1e-12. Otherwise the normalisation is spelled out, which also yields the optional
 * Mean and InvStdDev outputs.
 */
public final class LayerNormalization implements OpMapper {

    /** Largest epsilon that native layer_norm (no epsilon) may ignore: below float resolution for unit variances. */
    static final double NATIVE_MAX_EPSILON = 1e-9;

    @Override
    public int minOpset() {
        return 17;
    }

    @Override
    public List<Value> map(NodeContext ctx) {
        SameDiff sd = ctx.sd();
        Value xv = ctx.input(0);
        int rank = ctx.rank(0);
        int axis = ctx.axis(ctx.attrs().i("axis", -1), rank, "axis");
        double eps = ctx.attrs().f("epsilon", 1e-5f);
        int[] axes = Emit.range(axis, rank);
        SDVariable x = ctx.var(xv);
        SDVariable scale = ctx.var(1);
        SDVariable bias = ctx.has(2) ? ctx.var(2) : null;
        boolean stats = ctx.wantsOutput(1) || ctx.wantsOutput(2);
        boolean oneDimParams = ctx.input(1).rank() == 1 && (bias == null || ctx.input(2).rank() == 1);
        if (!stats && axis == rank - 1 && oneDimParams && eps <= NATIVE_MAX_EPSILON && xv.dataType().isFPType()) {
            SDVariable y = bias == null ? sd.nn().layerNorm(x, scale, false, axis) : sd.nn().layerNorm(x, scale, bias, false, axis);
            return Emit.one(Value.of(y, xv.shape()));
        }
        DataType type = xv.dataType();
        SDVariable xf = type == DataType.FLOAT || type == DataType.DOUBLE ? x : x.castTo(DataType.FLOAT);
        SDVariable mean = sd.mean(xf, true, axes);
        SDVariable centred = xf.sub(mean);
        SDVariable variance = sd.mean(centred.mul(centred), true, axes);
        SDVariable invStd = sd.math().rsqrt(variance.add(eps));
        SDVariable normalised = centred.mul(invStd);
        if (normalised.dataType() != type) {
            normalised = normalised.castTo(type);
        }
        SDVariable y = normalised.mul(scale);
        if (bias != null) {
            y = y.add(bias);
        }
        List<Value> out = new ArrayList<>();
        out.add(Value.of(y, xv.shape()));
        long[] statShape = Shapes.reduce(xv.shape(), axes, true);
        out.add(Value.of(mean, statShape));
        out.add(Value.of(invStd, statShape));
        return out;
    }
}
