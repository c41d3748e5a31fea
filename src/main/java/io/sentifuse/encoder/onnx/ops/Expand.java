package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastTo;

/**
 * Expand: broadcasts X against {@code shape} in both directions (a 1 in {@code shape} keeps X's dimension).
 * The result shape is computed while translating when possible, else at run time as the element-wise
 * maximum of the two right-aligned shapes.
 */
public final class Expand implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        SameDiff sd = ctx.sd();
        Value xv = ctx.input(0);
        long[] target = ctx.constant(1) == null ? null : ctx.requireLongs(1, "shape");
        long[] xs = xv.shape();
        long[] shape = null;
        SDVariable shapeVar;
        if (target != null && xs != null) {
            try {
                shape = Shapes.broadcast(xs, target);
            } catch (IllegalArgumentException e) {
                throw ctx.error(e.getMessage());
            }
        }
        if (shape != null && Shapes.isStatic(shape)) {
            shapeVar = ctx.longs(shape);
        } else {
            int len = Math.max(ctx.rank(0), (int) ctx.input(1).shape()[0]);
            SDVariable a = padded(ctx, Emit.shapeOf(ctx, xv), ctx.rank(0), len);
            SDVariable b = padded(ctx, Emit.as(ctx.var(1), DataType.LONG), (int) ctx.input(1).shape()[0], len);
            shapeVar = sd.math().max(a, b);
            if (shape == null) {
                shape = Shapes.unknown(len);
            }
        }
        return Emit.one(Value.of(new BroadcastTo(sd, ctx.var(xv), shapeVar).outputVariable(), shape));
    }

    private static SDVariable padded(NodeContext ctx, SDVariable shape, int len, int target) {
        return len == target ? shape : ctx.sd().concat(0, ctx.longs(Emit.ones(target - len)), shape);
    }
}
