package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/** Flatten to 2-D at {@code axis} (default 1; negative from opset 11; 0 gives [1, everything]). */
public final class Flatten implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        int rank = ctx.rank(0);
        long axisAttr = ctx.attrs().i("axis", 1);
        int axis = axisAttr == rank ? rank : ctx.axis(axisAttr, rank, "axis");
        long[] s = xv.shape();
        long outer = Shapes.product(s, 0, axis);
        long inner = Shapes.product(s, axis, rank);
        SDVariable x = ctx.var(xv);
        SDVariable out;
        if (outer >= 0 || inner >= 0) {
            out = ctx.sd().reshape(x, outer, inner);
        } else {
            out = ctx.sd().reshape(x, ctx.sd().concat(0, Emit.dimProduct(ctx, xv, 0, axis), ctx.longs(-1)));
        }
        return Emit.one(Value.of(out, new long[] {outer, inner}));
    }
}
