package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * ReduceMean / ReduceSum / ReduceMax / ReduceMin / ReduceProd. {@code axes} is an attribute, or an input for
 * ReduceSum from opset 13 (with {@code noop_with_empty_axes}); no axes reduce everything; negative axes are
 * resolved against the rank before ND4J sees them; {@code keepdims} defaults to 1.
 */
public final class Reduce implements OpMapper {

    /** The reduction. */
    public enum Kind { MEAN, SUM, MAX, MIN, PROD }

    private final Kind kind;

    public Reduce(Kind kind) {
        this.kind = kind;
    }

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        int rank = ctx.rank(0);
        boolean keep = ctx.attrs().i("keepdims", 1) != 0;
        boolean axesAsInput = kind == Kind.SUM && ctx.opset() >= 13 || ctx.opset() >= 18;
        long[] raw = axesAsInput ? (ctx.has(1) ? ctx.requireLongs(1, "axes") : null) : ctx.attrs().ints("axes");
        if (kind == Kind.MEAN && keep && ChannelsLast.held(xv) && raw != null
                && java.util.Arrays.equals(ctx.axes(raw, rank, "axis"), new int[] {2, 3})) {
            // a global average pool written as ReduceMean over H and W
            return Emit.one(Value.channelsLast(ctx.sd().mean(xv.channelsLast(), true, 1, 2),
                    Shapes.reduce(xv.shape(), new int[] {2, 3}, true)));
        }
        SDVariable x = ctx.var(xv);
        if ((raw == null || raw.length == 0) && ctx.attrs().i("noop_with_empty_axes", 0) != 0) {
            return Emit.one(Value.of(ctx.sd().identity(x), xv.shape()));
        }
        int[] axes = raw == null || raw.length == 0 ? Emit.range(0, rank) : ctx.axes(raw, rank, "axis");
        SameDiff sd = ctx.sd();
        SDVariable out = switch (kind) {
            case MEAN -> sd.mean(x, keep, axes);
            case SUM -> sd.sum(x, keep, axes);
            case MAX -> sd.max(x, keep, axes);
            case MIN -> sd.min(x, keep, axes);
            case PROD -> sd.prod(x, keep, axes);
        };
        return Emit.one(Value.of(out, Shapes.reduce(xv.shape(), axes, keep)));
    }
}
