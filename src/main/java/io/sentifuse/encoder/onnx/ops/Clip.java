package io.sentifuse.encoder.onnx.ops;

import io.sentifuse.encoder.onnx.NodeContext;
import io.sentifuse.encoder.onnx.OpMapper;
import io.sentifuse.encoder.onnx.Value;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;

/** Clip: bounds are attributes before opset 11 and optional inputs from 11 on; a missing bound does not clip. */
public final class Clip implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        SDVariable x = ctx.var(xv);
        DataType type = xv.dataType();
        SDVariable lo;
        SDVariable hi;
        if (ctx.opset() < 11) {
            lo = ctx.attrs().has("min") ? ctx.scalar(type, ctx.attrs().f("min", 0)) : null;
            hi = ctx.attrs().has("max") ? ctx.scalar(type, ctx.attrs().f("max", 0)) : null;
        } else {
            lo = ctx.has(1) ? cast(ctx.var(1), type) : null;
            hi = ctx.has(2) ? cast(ctx.var(2), type) : null;
        }
        SDVariable out = x;
        if (lo != null) {
            out = ctx.sd().max(out, lo);
        }
        if (hi != null) {
            out = ctx.sd().min(out, hi);
        }
        if (out == x) {
            out = ctx.sd().identity(x);
        }
        return Emit.one(Value.of(out, xv.shape()));
    }

    private static SDVariable cast(SDVariable v, DataType type) {
        return v.dataType() == type ? v : v.castTo(type);
    }
}
