package io.sentifuse.encoder.onnx.ops;

import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastTo;

/**
 * MatMul with numpy semantics: 1-D operands gain and lose a unit dimension, batch dimensions broadcast.
 * ND4J's matmul wants equal ranks, so an N-D x 2-D product (every dense layer of a transformer) is computed
 * as one 2-D product over the flattened leading dimensions.
 */
public final class MatMul implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value av = ctx.input(0);
        Value bv = ctx.input(1);
        int ra = ctx.rank(0);
        int rb = ctx.rank(1);
        SameDiff sd = ctx.sd();
        SDVariable a = ctx.var(av);
        SDVariable b = ctx.var(bv);
        long[] as = av.shape();
        long[] bs = bv.shape();
        if (ra == 1) {
            a = sd.expandDims(a, 0);
            as = new long[] {1, as[0]};
        }
        if (rb == 1) {
            b = sd.expandDims(b, 1);
            bs = new long[] {bs[0], 1};
        }
        SDVariable out;
        long[] shape;
        if (as.length == 2 && bs.length == 2) {
            out = sd.mmul(a, b);
            shape = new long[] {as[0], bs[1]};
        } else if (bs.length == 2) {
            long k = as[as.length - 1] >= 0 ? as[as.length - 1] : bs[0];
            // a layer's query, key and value products flatten the same input, and restore the same leading dimensions
            SDVariable in = a;
            long[] ins = as;
            SDVariable flat = ctx.shared("flat:" + a.name() + ":" + k, () -> sd.reshape(in, -1, k));
            SDVariable prod = sd.mmul(flat, b);
            shape = Arrays.copyOf(as, as.length);
            shape[shape.length - 1] = bs[1];
            long n = bs[1];
            SDVariable runtime = Shapes.unknownCount(shape) <= 1 ? null
                    : ctx.shared("matmul-shape:" + a.name() + ":" + n,
                            () -> sd.concat(0, Emit.dims(ctx, Value.of(in, ins), 0, ins.length - 1), ctx.longs(n)));
            out = Emit.reshape(ctx, prod, shape, runtime);
        } else {
            int r = Math.max(as.length, bs.length);
            SDVariable[] ab = broadcastBatch(ctx, a, as, b, bs, r);
            long[] batch = batchShape(ctx, as, bs, r);
            out = sd.mmul(ab[0], ab[1]);
            shape = Shapes.concat(batch, new long[] {as[as.length - 2], bs[bs.length - 1]});
        }
        if (ra == 1) {
            out = sd.squeeze(out, shape.length - 2);
            shape = Shapes.remove(shape, shape.length - 2);
        }
        if (rb == 1) {
            out = sd.squeeze(out, shape.length - 1);
            shape = Shapes.remove(shape, shape.length - 1);
        }
        return Emit.one(Value.of(out, shape));
    }

    private static long[] batchShape(NodeContext ctx, long[] as, long[] bs, int r) {
        try {
            return Shapes.broadcast(Arrays.copyOf(pad(as, r), r - 2), Arrays.copyOf(pad(bs, r), r - 2));
        } catch (IllegalArgumentException e) {
            throw ctx.error("batch dimensions of " + Arrays.toString(as) + " and " + Arrays.toString(bs) + " do not broadcast");
        }
    }

    /** Gives both operands rank r and, where one batch dimension is 1 and the other is not, broadcasts it. */
    private static SDVariable[] broadcastBatch(NodeContext ctx, SDVariable a, long[] as, SDVariable b, long[] bs, int r) {
        SameDiff sd = ctx.sd();
        if (as.length < r) {
            a = sd.reshape(a, withRuntime(ctx, a, as, r));
            as = pad(as, r);
        }
        if (bs.length < r) {
            b = sd.reshape(b, withRuntime(ctx, b, bs, r));
            bs = pad(bs, r);
        }
        boolean provenEqual = true;
        for (int k = 0; k < r - 2; k++) {
            boolean bothUnknown = as[k] < 0 && bs[k] < 0;
            provenEqual &= bothUnknown || as[k] == bs[k];
        }
        if (!provenEqual) {
            SDVariable sa = Emit.shapeLong(sd, a);
            SDVariable sb = Emit.shapeLong(sd, b);
            SDVariable batch = sd.math().max(Emit.slice1d(ctx, sa, 0, r - 2), Emit.slice1d(ctx, sb, 0, r - 2));
            a = new BroadcastTo(sd, a, sd.concat(0, batch, Emit.slice1d(ctx, sa, r - 2, r))).outputVariable();
            b = new BroadcastTo(sd, b, sd.concat(0, batch, Emit.slice1d(ctx, sb, r - 2, r))).outputVariable();
        }
        return new SDVariable[] {a, b};
    }

    private static SDVariable withRuntime(NodeContext ctx, SDVariable v, long[] s, int r) {
        if (Shapes.isStatic(s)) {
            return ctx.longs(pad(s, r));
        }
        return ctx.sd().concat(0, ctx.longs(Emit.ones(r - s.length)), Emit.shapeLong(ctx.sd(), v));
    }

    private static long[] pad(long[] s, int r) {
        long[] out = Emit.ones(r);
        System.arraycopy(s, 0, out, r - s.length, s.length);
        return out;
    }
}
