package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Softmax / LogSoftmax. From opset 13 along one {@code axis} (default -1); before 13 the input is viewed as
 * 2-D at {@code axis} (default 1) and normalised over everything from that axis on.
 */
public final class Softmax implements OpMapper {

    private final boolean log;

    public Softmax(boolean log) {
        this.log = log;
    }

    @Override
    public List<Value> map(NodeContext ctx) {
        SameDiff sd = ctx.sd();
        Value xv = ctx.input(0);
        int rank = ctx.rank(0);
        boolean legacy = ctx.opset() < 13;
        int axis = ctx.axis(ctx.attrs().i("axis", legacy ? 1 : -1), rank, "axis");
        SDVariable x = ctx.var(xv);
        if (!legacy || axis == rank - 1) {
            return Emit.one(Value.of(apply(sd, x, axis), xv.shape()));
        }
        SDVariable flat = sd.reshape(x, sd.concat(0, Emit.dimProduct(ctx, xv, 0, axis), Emit.dimProduct(ctx, xv, axis, rank)));
        SDVariable out = sd.reshape(apply(sd, flat, 1), Emit.shapeOf(ctx, xv));
        return Emit.one(Value.of(out, xv.shape()));
    }

    private SDVariable apply(SameDiff sd, SDVariable x, int axis) {
        return log ? sd.nn().logSoftmax(x, axis) : sd.nn().softmax(x, axis);
    }
}
