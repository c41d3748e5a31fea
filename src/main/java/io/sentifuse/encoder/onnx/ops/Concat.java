package io.sentifuse.encoder.onnx.ops;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/** Concat along {@code axis} (negative from opset 11). Inputs known to be empty along the axis are dropped. */
public final class Concat implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        if (!ctx.attrs().has("axis")) {
            throw ctx.error("attribute axis is required");
        }
        int rank = ctx.rank(0);
        int axis = ctx.axis(ctx.attrs().i("axis", 0), rank, "axis");
        List<SDVariable> vars = new ArrayList<>();
        List<Value> kept = new ArrayList<>();
        for (int i = 0; i < ctx.inputCount(); i++) {
            if (!ctx.has(i)) {
                continue;
            }
            Value v = ctx.input(i);
            if (v.dim(axis) == 0 && ctx.inputCount() > 1) {
                continue;
            }
            kept.add(v);
        }
        if (kept.isEmpty()) {
            kept.add(ctx.input(0));
        }
        long[] shape = kept.get(0).shape();
        long total = 0;
        List<Long> elements = new ArrayList<>();
        boolean trackElements = rank == 1;
        for (Value v : kept) {
            long d = v.dim(axis);
            total = total < 0 || d < 0 ? -1 : total + d;
            long[] el = v.elements();
            if (el == null) {
                trackElements = false;
            } else {
                for (long e : el) {
                    elements.add(e);
                }
            }
            for (int k = 0; shape != null && v.shape() != null && k < rank; k++) {
                if (shape[k] < 0 && k != axis) {
                    shape[k] = v.shape()[k];
                }
            }
        }
        if (shape != null) {
            shape[axis] = total;
        }
        long[] el = trackElements ? elements.stream().mapToLong(Long::longValue).toArray() : null;
        if (axis == 1 && rank == 4 && kept.size() > 1 && ChannelsLast.allHeld(kept)) {
            // channel concatenation (Inception's branches) in the channels-last layout
            SDVariable[] parts = kept.stream().map(Value::channelsLast).toArray(SDVariable[]::new);
            return Emit.one(Value.channelsLast(ctx.sd().concat(ChannelsLast.CHANNEL_AXIS, parts), shape));
        }
        return Emit.one(Value.lazy(() -> {
            for (Value v : kept) {
                vars.add(ctx.var(v));
            }
            return vars.size() == 1 ? ctx.sd().identity(vars.get(0)) : ctx.sd().concat(axis, vars.toArray(new SDVariable[0]));
        }, kept.get(0).dataType(), shape, el));
    }
}
