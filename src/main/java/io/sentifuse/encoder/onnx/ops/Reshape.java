package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Reshape with ONNX's target rules: -1 infers one dimension, 0 copies the input's dimension (unless
 * {@code allowzero=1}, opset 14). A target known while translating becomes a static reshape when at most one
 * dimension remains open; otherwise the target is assembled at run time from the input's shape.
 */
public final class Reshape implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        SameDiff sd = ctx.sd();
        Value xv = ctx.input(0);
        boolean allowZero = ctx.opset() >= 14 && ctx.attrs().i("allowzero", 0) != 0;
        long[] target = ctx.opset() < 5 ? ctx.attrs().ints("shape") : ctx.constant(1) == null ? null : ctx.requireLongs(1, "shape");
        SDVariable x = ctx.var(xv);
        if (target != null) {
            return Emit.one(staticTarget(ctx, xv, x, target, allowZero));
        }
        Value tv = ctx.input(1);
        SDVariable t = Emit.as(ctx.var(tv), DataType.LONG);
        long[] el = tv.elements();
        boolean mayCopy = !allowZero && (el == null || java.util.Arrays.stream(el).anyMatch(e -> e == 0 || e == Value.UNKNOWN));
        int len = tv.shape() != null && tv.shape().length == 1 ? (int) tv.shape()[0] : -1;
        if (mayCopy && len >= 0 && xv.hasRank()) {
            int common = Math.min(len, xv.rank());
            SDVariable copied = Emit.dims(ctx, xv, 0, common);
            if (common < len) {
                copied = sd.concat(0, copied, ctx.longs(Emit.ones(len - common)));
            }
            t = Emit.where(ctx, sd.eq(t, 0L), copied, t, new long[][] {{len}, {len}, {len}});
        }
        long[] shape = null;
        if (el != null) {
            shape = new long[el.length];
            for (int k = 0; k < el.length; k++) {
                shape[k] = el[k] > 0 ? el[k] : el[k] == 0 && !allowZero ? xv.dim(k) : -1;
            }
        } else if (len >= 0) {
            shape = Shapes.unknown(len);
        }
        return Emit.one(Value.of(sd.reshape(x, t), shape));
    }

    private static Value staticTarget(NodeContext ctx, Value xv, SDVariable x, long[] target, boolean allowZero) {
        long[] resolved = target.clone();
        boolean[] copy = new boolean[target.length];
        for (int k = 0; k < target.length; k++) {
            if (target[k] == 0 && !allowZero) {
                if (k >= Math.max(xv.rank(), 0) && xv.hasRank()) {
                    throw ctx.error("shape[" + k + "] is 0 (copy) but the input has rank " + xv.rank());
                }
                resolved[k] = xv.dim(k);
                copy[k] = resolved[k] < 0;
            } else if (target[k] < -1) {
                throw ctx.error("shape[" + k + "] = " + target[k] + " is invalid");
            }
        }
        long[] shape = inferShape(xv, resolved);
        if (Shapes.unknownCount(resolved) <= 1) {
            return Value.of(ctx.sd().reshape(x, resolved), shape);
        }
        // a run of copied dimensions is read with one shape op and one slice, not one pair per dimension
        List<SDVariable> parts = new java.util.ArrayList<>();
        for (int k = 0; k < target.length; ) {
            int end = k + 1;
            while (end < target.length && copy[end] == copy[k]) {
                end++;
            }
            parts.add(copy[k] ? Emit.dims(ctx, xv, k, end) : ctx.longs(java.util.Arrays.copyOfRange(resolved, k, end)));
            k = end;
        }
        SDVariable t = parts.size() == 1 ? parts.get(0) : ctx.sd().concat(0, parts.toArray(new SDVariable[0]));
        return Value.of(ctx.sd().reshape(x, t), shape);
    }

    /** The output's static shape: the target with -1 filled in when the input's size is known. */
    private static long[] inferShape(Value xv, long[] resolved) {
        long[] shape = resolved.clone();
        int free = -1;
        for (int k = 0; k < shape.length; k++) {
            if (shape[k] == -1) {
                if (free >= 0) {
                    return shape;
                }
                free = k;
            }
        }
        long total = xv.shape() == null ? -1 : Shapes.product(xv.shape(), 0, xv.rank());
        if (free >= 0 && total >= 0) {
            long rest = Shapes.product(shape, 0, free) * Shapes.product(shape, free + 1, shape.length);
            shape[free] = rest == 0 ? 0 : total / rest;
        }
        return shape;
    }
}
