package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Element-wise operators of two inputs with numpy broadcasting: arithmetic (Add, Sub, Mul, Div), comparisons
 * (Equal, Less, Greater, LessOrEqual, GreaterOrEqual) and logic (And, Or, Xor). Opsets before 7 broadcast only
 * when asked ({@code broadcast=1}, optionally at {@code axis}); that form is translated too.
 */
public final class Binary implements OpMapper {

    /** The operator. */
    public enum Kind { ADD, SUB, MUL, DIV, EQUAL, LESS, GREATER, LESS_OR_EQUAL, GREATER_OR_EQUAL, AND, OR, XOR }

    private final Kind kind;

    public Binary(Kind kind) {
        this.kind = kind;
    }

    @Override
    public List<Value> map(NodeContext ctx) {
        Value a = ctx.input(0);
        Value b = ctx.input(1);
        boolean legacy = ctx.opset() < 7 && ctx.attrs().i("broadcast", 0) != 0 && ctx.attrs().has("axis");
        long[] shape;
        try {
            shape = Shapes.broadcast(a.shape(), legacy ? null : b.shape());
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage());
        }
        DataType type = kind.ordinal() > Kind.DIV.ordinal() ? DataType.BOOL : a.dataType();
        if (ChannelsLast.held(a) && ChannelsLast.held(b) && java.util.Arrays.equals(a.shape(), b.shape())
                && Shapes.isStatic(java.util.Arrays.copyOfRange(a.shape(), 1, 4))) {
            // two channels-last arrays of one shape (a residual connection; the batch is the input's in both):
            // element-wise in that layout
            return Emit.one(Value.channelsLast(apply(ctx.sd(), a.channelsLast(), b.channelsLast()), shape));
        }
        return Emit.one(Value.lazy(() -> {
            SDVariable y = legacyBroadcast(ctx, a, b);
            return apply(ctx.sd(), ctx.var(a), y == null ? ctx.var(b) : y);
        }, type, shape, elements(a, b)));
    }

    private SDVariable apply(SameDiff sd, SDVariable x, SDVariable y) {
        return switch (kind) {
            case ADD -> sd.math().add(x, y);
            case SUB -> sd.math().sub(x, y);
            case MUL -> sd.math().mul(x, y);
            case DIV -> sd.math().div(x, y);
            case EQUAL -> sd.eq(x, y);
            case LESS -> sd.lt(x, y);
            case GREATER -> sd.gt(x, y);
            case LESS_OR_EQUAL -> sd.lte(x, y);
            case GREATER_OR_EQUAL -> sd.gte(x, y);
            // ND4J's boolean and/or/xor neither broadcast nor treat BOOL as logical: use min/max/!= on 0/1.
            case AND -> sd.min(x.castTo(DataType.INT), y.castTo(DataType.INT)).castTo(DataType.BOOL);
            case OR -> sd.max(x.castTo(DataType.INT), y.castTo(DataType.INT)).castTo(DataType.BOOL);
            case XOR -> sd.neq(x, y);
        };
    }

    /** Opset < 7 with broadcast=1 and an axis: B's dimensions align with A's starting at axis. */
    private static SDVariable legacyBroadcast(NodeContext ctx, Value a, Value b) {
        if (ctx.opset() >= 7 || ctx.attrs().i("broadcast", 0) == 0 || !ctx.attrs().has("axis")) {
            return null;
        }
        int rank = ctx.rank(0);
        int axis = ctx.axis(ctx.attrs().i("axis", 0), rank, "axis");
        long[] bs = b.shape();
        if (bs == null || !b.isStaticShape()) {
            throw ctx.error("legacy broadcasting needs the static shape of input B");
        }
        long[] target = Emit.ones(rank);
        System.arraycopy(bs, 0, target, axis, bs.length);
        return ctx.sd().reshape(ctx.var(b), target);
    }

    /** Element-wise arithmetic on tracked shape vectors (e.g. a known hidden size divided by the head count). */
    private long[] elements(Value a, Value b) {
        long[] x = a.elements();
        long[] y = b.elements();
        if (x == null || y == null || kind.ordinal() > Kind.DIV.ordinal() || x.length != y.length && x.length != 1 && y.length != 1) {
            return null;
        }
        long[] out = new long[Math.max(x.length, y.length)];
        for (int k = 0; k < out.length; k++) {
            long p = x[x.length == 1 ? 0 : k];
            long q = y[y.length == 1 ? 0 : k];
            if (p == Value.UNKNOWN || q == Value.UNKNOWN || kind == Kind.DIV && q == 0) {
                out[k] = Value.UNKNOWN;
                continue;
            }
            out[k] = switch (kind) {
                case ADD -> p + q;
                case SUB -> p - q;
                case MUL -> p * q;
                default -> p / q;
            };
        }
        return out;
    }
}
