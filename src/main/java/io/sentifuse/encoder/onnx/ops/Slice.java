package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Slice: starts/ends/axes are attributes before opset 10, inputs (with steps) from 10 on. Negative indices
 * count from the end; out-of-range indices clamp (to [0, dim] for positive steps, [-1, dim-1] for negative
 * ones). Known parameters become one strided slice, with ends past the dimension expressed as end masks so
 * that run-time dimensions need not be known; parameters computed at run time go to a dynamic strided slice.
 */
public final class Slice implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        int rank = ctx.rank(0);
        boolean legacy = ctx.opset() < 10;
        boolean known = legacy || ctx.constant(1) != null && ctx.constant(2) != null
                && (!ctx.has(3) || ctx.constant(3) != null) && (!ctx.has(4) || ctx.constant(4) != null);
        long[] axesRaw = legacy ? ctx.attrs().ints("axes") : ctx.has(3) ? ctx.requireLongs(3, "axes") : null;
        int n = legacy ? ctx.attrs().ints("starts").length : (int) ctx.input(1).shape()[0];
        int[] axes = new int[n];
        for (int k = 0; k < n; k++) {
            axes[k] = axesRaw == null ? k : ctx.axis(axesRaw[k], rank, "axis");
        }
        if (!known) {
            return Emit.one(dynamic(ctx, xv, rank, axes));
        }
        long[] starts = legacy ? ctx.attrs().ints("starts") : ctx.requireLongs(1, "starts");
        long[] ends = legacy ? ctx.attrs().ints("ends") : ctx.requireLongs(2, "ends");
        long[] steps = !legacy && ctx.has(4) ? ctx.requireLongs(4, "steps") : Emit.ones(n);
        long[] b = new long[rank];
        long[] e = new long[rank];
        long[] s = Emit.ones(rank);
        int beginMask = 0;
        int endMask = 0;
        long[] shape = xv.shape();
        for (int k = 0; k < rank; k++) {
            beginMask |= 1 << k;
            endMask |= 1 << k;
        }
        for (int k = 0; k < n; k++) {
            int a = axes[k];
            long step = steps[k];
            if (step == 0) {
                throw ctx.error("steps[" + k + "] is 0");
            }
            long dim = xv.dim(a);
            long start = starts[k];
            long end = ends[k];
            if (dim >= 0) {
                start = clamp(start < 0 ? start + dim : start, step > 0 ? 0 : -1, step > 0 ? dim : dim - 1);
                start = step < 0 ? Math.max(start, 0) : start;
                end = clamp(end < 0 ? end + dim : end, step > 0 ? 0 : -1, step > 0 ? dim : dim - 1);
                long count = step > 0 ? Math.max(0, (end - start + step - 1) / step) : Math.max(0, (start - end - step - 1) / -step);
                shape[a] = count;
            } else {
                shape[a] = -1;
            }
            s[a] = step;
            b[a] = start;
            beginMask &= ~(1 << a);
            boolean toEnd = dim >= 0 ? step > 0 && end >= dim || step < 0 && end < 0
                    : step > 0 && end >= Integer.MAX_VALUE || step < 0 && end <= Integer.MIN_VALUE;
            if (!toEnd) {
                e[a] = end;
                endMask &= ~(1 << a);
            }
        }
        int bm = beginMask;
        int em = endMask;
        long[] el = xv.elements();
        long[] picked = null;
        if (el != null && rank == 1 && shape[0] >= 0) {
            picked = new long[(int) shape[0]];
            for (int k = 0; k < picked.length; k++) {
                picked[k] = el[(int) (b[0] + k * s[0])];
            }
        }
        return Emit.one(Value.lazy(() -> ctx.sd().stridedSlice(ctx.var(xv), b, e, s, bm, em, 0, 0, 0),
                xv.dataType(), shape, picked));
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /**
     * Starts/ends known only at run time (axes and steps must be known): each is normalised with ONNX's rules
     * at run time. A negative step reverses the axis first and slices it forwards, so that no run-time end of
     * -1 ("before the first element") ever reaches the strided slice, where -1 would mean "the last".
     */
    private static Value dynamic(NodeContext ctx, Value xv, int rank, int[] axes) {
        SameDiff sd = ctx.sd();
        long[] steps = ctx.has(4) ? ctx.requireLongs(4, "steps") : Emit.ones(axes.length);
        SDVariable x = ctx.var(xv);
        SDVariable starts = Emit.as(ctx.var(1), DataType.LONG);
        SDVariable ends = Emit.as(ctx.var(2), DataType.LONG);
        SDVariable shape = Emit.shapeLong(sd, x);
        SDVariable[] b = new SDVariable[rank];
        SDVariable[] e = new SDVariable[rank];
        long[] strides = Emit.ones(rank);
        int beginMask = (1 << rank) - 1;
        int endMask = beginMask;
        for (int a = 0; a < rank; a++) {
            b[a] = ctx.longs(0);
            e[a] = ctx.longs(0);
        }
        List<Integer> reversed = new java.util.ArrayList<>();
        for (int k = 0; k < axes.length; k++) {
            int a = axes[k];
            long step = steps[k];
            if (step == 0) {
                throw ctx.error("steps[" + k + "] is 0");
            }
            SDVariable dim = Emit.slice1d(ctx, shape, a, a + 1);
            SDVariable start = fromEnd(ctx, Emit.slice1d(ctx, starts, k, k + 1), dim);
            SDVariable end = fromEnd(ctx, Emit.slice1d(ctx, ends, k, k + 1), dim);
            if (step > 0) {
                start = clamp(sd, start, ctx.longs(0), dim);
                end = clamp(sd, end, ctx.longs(0), dim);
            } else {
                SDVariable last = dim.sub(1L);
                start = last.sub(clamp(sd, start, ctx.longs(0), last));
                end = last.sub(clamp(sd, end, ctx.longs(-1), last));
                reversed.add(a);
            }
            b[a] = start;
            e[a] = end;
            strides[a] = Math.abs(step);
            beginMask &= ~(1 << a);
            endMask &= ~(1 << a);
        }
        if (!reversed.isEmpty()) {
            x = sd.reverse(x, reversed.stream().mapToInt(Integer::intValue).toArray());
        }
        SDVariable out = sd.stridedSlice(x, sd.concat(0, b), sd.concat(0, e), ctx.longs(strides), beginMask, endMask, 0, 0, 0);
        long[] outShape = xv.shape();
        for (int a : axes) {
            outShape[a] = -1;
        }
        return Value.of(out, outShape);
    }

    private static SDVariable fromEnd(NodeContext ctx, SDVariable i, SDVariable dim) {
        return Emit.where(ctx, ctx.sd().lt(i, 0.0), i.add(dim), i, new long[][] {{1}, {1}, {1}});
    }

    private static SDVariable clamp(SameDiff sd, SDVariable v, SDVariable lo, SDVariable hi) {
        return sd.min(sd.max(v, lo), hi);
    }
}
