package io.sentifuse.encoder.onnx.ops;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pad with mode constant or reflect: pads are attributes before opset 11 and a known input from 11 on
 * ([begin..., end...]); negative pads crop. The "edge" mode has no ND4J counterpart and is refused.
 */
public final class Pad implements OpMapper {

    /** Edge padding (repeat the border element), one axis at a time: ND4J has no such mode. */
    private static SDVariable edge(NodeContext ctx, SDVariable x, long[][] spec) {
        SameDiff sd = ctx.sd();
        int rank = spec.length;
        for (int a = 0; a < rank; a++) {
            if (spec[a][0] == 0 && spec[a][1] == 0) {
                continue;
            }
            List<SDVariable> parts = new ArrayList<>();
            int others = ((1 << rank) - 1) & ~(1 << a);
            int[] reps = new int[rank];
            java.util.Arrays.fill(reps, 1);
            if (spec[a][0] > 0) {
                long[] b = new long[rank];
                long[] e = new long[rank];
                e[a] = 1;
                reps[a] = (int) spec[a][0];
                parts.add(sd.tile(sd.stridedSlice(x, b, e, Emit.ones(rank), others, others, 0, 0, 0), reps.clone()));
            }
            parts.add(x);
            if (spec[a][1] > 0) {
                long[] b = new long[rank];
                long[] e = new long[rank];
                b[a] = -1;
                reps[a] = (int) spec[a][1];
                parts.add(sd.tile(sd.stridedSlice(x, b, e, Emit.ones(rank), others, others | 1 << a, 0, 0, 0), reps.clone()));
            }
            x = sd.concat(a, parts.toArray(new SDVariable[0]));
        }
        return x;
    }

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        int rank = ctx.rank(0);
        String mode = ctx.attrs().s("mode", "constant");
        long[] pads = ctx.opset() < 11 ? ctx.attrs().ints(ctx.opset() < 2 ? "paddings" : "pads") : ctx.requireLongs(1, "pads");
        if (pads == null || pads.length != 2 * rank) {
            throw ctx.error("pads must have " + 2 * rank + " values");
        }
        double value = ctx.opset() < 11 ? ctx.attrs().f("value", 0f) : ctx.has(2) ? ctx.requireDoubles(2, "constant_value")[0] : 0;
        PadMode padMode = switch (mode) {
            case "constant", "edge" -> PadMode.CONSTANT;
            case "reflect" -> PadMode.REFLECT;
            default -> throw ctx.error("mode '" + mode + "' is not supported (constant, reflect, edge)");
        };
        long[][] spec = new long[rank][2];
        long[] begin = new long[rank];
        long[] end = new long[rank];
        int endMask = 0;
        boolean crop = false;
        long[] shape = xv.shape();
        for (int a = 0; a < rank; a++) {
            spec[a][0] = Math.max(0, pads[a]);
            spec[a][1] = Math.max(0, pads[a + rank]);
            begin[a] = Math.max(0, -pads[a]);
            end[a] = Math.min(0, pads[a + rank]);
            crop |= pads[a] < 0 || pads[a + rank] < 0;
            if (end[a] == 0) {
                endMask |= 1 << a;
            }
            shape[a] = shape[a] < 0 ? -1 : shape[a] + pads[a] + pads[a + rank];
        }
        if (ChannelsLast.held(xv) && !crop && !mode.equals("edge")) {
            SDVariable padded = ctx.sd().nn().pad(xv.channelsLast(),
                    ctx.constant(Nd4j.createFromArray(ChannelsLast.spec(spec))), padMode, value);
            return Emit.one(Value.channelsLast(padded, shape));
        }
        SDVariable out = mode.equals("edge") ? edge(ctx, ctx.var(xv), spec)
                : ctx.sd().nn().pad(ctx.var(xv), ctx.constant(Nd4j.createFromArray(spec)), padMode, value);
        if (crop) {
            out = ctx.sd().stridedSlice(out, begin, end, Emit.ones(rank), 0, endMask, 0, 0, 0);
        }
        return Emit.one(Value.of(out, shape));
    }
}
