package io.sentifuse.encoder.onnx.ops;

import io.sentifuse.encoder.onnx.NodeContext;
import io.sentifuse.encoder.onnx.OpMapper;
import io.sentifuse.encoder.onnx.Value;
import java.util.List;

/** CumSum along a known {@code axis} input, with the {@code exclusive} and {@code reverse} attributes. */
public final class CumSum implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        int axis = ctx.axis(ctx.requireLongs(1, "axis")[0], ctx.rank(0), "axis");
        boolean exclusive = ctx.attrs().i("exclusive", 0) != 0;
        boolean reverse = ctx.attrs().i("reverse", 0) != 0;
        return Emit.one(Value.of(ctx.sd().cumsum(ctx.var(xv), exclusive, reverse, axis), xv.shape()));
    }
}
