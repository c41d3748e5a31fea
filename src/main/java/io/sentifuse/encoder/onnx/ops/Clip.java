package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Clip: bounds are attributes before opset 11 and optional inputs from 11 on; a missing bound does not clip.
 * Clip(0, 6) becomes ND4J's relu6 when rewrites are on (same values and gradient).
 */
public final class Clip implements OpMapper {

    private static final double RELU6_CAP = 6;

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        DataType type = xv.dataType();
        if (ctx.rewrites() && type.isFPType() && bound(ctx, 1, "min") == 0 && bound(ctx, 2, "max") == RELU6_CAP) {
            // MobileNet's ReLU6 as one native op instead of a maximum and a minimum pass.
            boolean last = ChannelsLast.held(xv);
            SDVariable y = ctx.sd().nn().relu6(last ? xv.channelsLast() : ctx.var(xv), 0);
            return Emit.one(last ? Value.channelsLast(y, xv.shape()) : Value.of(y, xv.shape()));
        }
        SDVariable x = ctx.var(xv);
        SDVariable lo;
        SDVariable hi;
        if (ctx.opset() < 11) {
            lo = ctx.attrs().has("min") ? ctx.scalar(type, ctx.attrs().f("min", 0)) : null;
            hi = ctx.attrs().has("max") ? ctx.scalar(type, ctx.attrs().f("max", 0)) : null;
        } else {
            lo = ctx.has(1) ? Emit.as(ctx.var(1), type) : null;
            hi = ctx.has(2) ? Emit.as(ctx.var(2), type) : null;
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

    /** A bound known while translating (attribute before opset 11, constant input after), else NaN. */
    private static double bound(NodeContext ctx, int input, String attribute) {
        if (ctx.opset() < 11) {
            return ctx.attrs().has(attribute) ? ctx.attrs().f(attribute, 0) : Double.NaN;
        }
        org.nd4j.linalg.api.ndarray.INDArray c = ctx.constant(input);
        return c == null || c.length() != 1 ? Double.NaN : c.getDouble(0);
    }

}
