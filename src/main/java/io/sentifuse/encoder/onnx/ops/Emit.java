package io.sentifuse.encoder.onnx.ops;

import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/** Building blocks that several mappings share: run-time shapes, reshapes with partly known targets. */
final class Emit {

    private Emit() {
    }

    static List<Value> one(Value v) {
        return List.of(v);
    }

    /**
     * {@code v} as {@code type}: itself when it already is (a cast to its own type is an op that copies, and the
     * shape arithmetic of exported transformers would otherwise carry a hundred of them).
     */
    static SDVariable as(SDVariable v, DataType type) {
        return v.dataType() == type ? v : v.castTo(type);
    }

    /** The run-time shape of {@code v} as an INT64 vector. */
    static SDVariable shapeLong(SameDiff sd, SDVariable v) {
        return as(sd.shape(v), DataType.LONG);
    }

    /** The run-time shape of {@code v} as an INT64 vector; a constant when the shape is static. */
    static SDVariable shapeOf(NodeContext ctx, Value v) {
        if (v.isStaticShape()) {
            return ctx.longs(v.shape());
        }
        return shapeLong(ctx.sd(), ctx.var(v));
    }

    /** Dimensions [from, to) of {@code v}'s run-time shape as an INT64 vector. */
    static SDVariable dims(NodeContext ctx, Value v, int from, int to) {
        long[] s = v.shape();
        if (s != null && Shapes.product(s, from, to) >= 0) {
            return ctx.longs(Arrays.copyOfRange(s, from, to));
        }
        SDVariable var = ctx.var(v);
        return ctx.shared("dims:" + var.name() + ":" + from + ":" + to,
                () -> slice1d(ctx, shapeLong(ctx.sd(), var), from, to));
    }

    /** Elements [from, to) of a 1-D variable. */
    static SDVariable slice1d(NodeContext ctx, SDVariable vector, int from, int to) {
        return ctx.sd().stridedSlice(vector, new long[] {from}, new long[] {to}, new long[] {1}, 0, 0, 0, 0, 0);
    }

    /** Product of dimensions [from, to) of {@code v} as a 1-element INT64 vector. */
    static SDVariable dimProduct(NodeContext ctx, Value v, int from, int to) {
        long[] s = v.shape();
        long p = s == null ? -1 : Shapes.product(s, from, to);
        if (p >= 0) {
            return ctx.longs(p);
        }
        return ctx.sd().prod(dims(ctx, v, from, to), true, 0);
    }

    /**
     * Reshapes {@code x} to {@code target}, where -1 marks a dimension known only at run time. With at most
     * one such dimension this is a static reshape; otherwise the caller's run-time {@code shape} is used.
     */
    static SDVariable reshape(NodeContext ctx, SDVariable x, long[] target, SDVariable runtimeShape) {
        if (Shapes.unknownCount(target) <= 1) {
            return ctx.sd().reshape(x, target);
        }
        return ctx.sd().reshape(x, runtimeShape);
    }

    /**
     * Element-wise choice: {@code x} where {@code condition}, else {@code y}, with numpy broadcasting. ND4J's
     * where wants equal shapes, so operands are broadcast to the common shape first ({@code shapes} are the
     * operands' static shapes, in the order condition, x, y; null entries mean unknown).
     */
    static SDVariable where(NodeContext ctx, SDVariable condition, SDVariable x, SDVariable y, long[][] shapes) {
        SameDiff sd = ctx.sd();
        long[] common;
        try {
            common = Shapes.broadcastAll(shapes);
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage());
        }
        boolean same = common != null && Shapes.isStatic(common) && Arrays.stream(shapes).allMatch(s -> Arrays.equals(s, common));
        if (same) {
            return sd.where(x, y, condition);
        }
        if (common == null) {
            throw ctx.error("needs the ranks of condition, X and Y to broadcast them");
        }
        SDVariable target;
        if (Shapes.isStatic(common)) {
            target = ctx.longs(common);
        } else {
            SDVariable[] all = {condition, x, y};
            target = null;
            for (int k = 0; k < 3; k++) {
                SDVariable s = shapeLong(sd, all[k]);
                if (shapes[k].length < common.length) {
                    s = sd.concat(0, ctx.longs(ones(common.length - shapes[k].length)), s);
                }
                target = target == null ? s : sd.math().max(target, s);
            }
        }
        return sd.where(broadcast(sd, x, shapes[1], common, target), broadcast(sd, y, shapes[2], common, target),
                broadcast(sd, condition, shapes[0], common, target));
    }

    private static SDVariable broadcast(SameDiff sd, SDVariable v, long[] shape, long[] common, SDVariable target) {
        return Shapes.isStatic(shape) && Arrays.equals(shape, common) ? v
                : new org.nd4j.linalg.api.ops.impl.broadcast.BroadcastTo(sd, v, target).outputVariable();
    }

    static long[] ones(int n) {
        long[] a = new long[n];
        Arrays.fill(a, 1);
        return a;
    }

    static int[] range(int from, int to) {
        int[] out = new int[Math.max(0, to - from)];
        for (int k = 0; k < out.length; k++) {
            out[k] = from + k;
        }
        return out;
    }
}
