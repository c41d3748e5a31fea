package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/** Where(condition, X, Y) with numpy broadcasting of all three. */
public final class Where implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value c = ctx.input(0);
        Value x = ctx.input(1);
        Value y = ctx.input(2);
        long[] shape;
        try {
            shape = Shapes.broadcastAll(c.shape(), x.shape(), y.shape());
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage());
        }
        SDVariable out = Emit.where(ctx, ctx.var(c), ctx.var(x), ctx.var(y), new long[][] {c.shape(), x.shape(), y.shape()});
        return Emit.one(Value.of(out, shape));
    }
}
