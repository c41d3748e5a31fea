package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Unsqueeze: inserts unit dimensions at {@code axes} (attribute before opset 13, input from 13; negative axes
 * count in the output's rank, in any order). A static reshape where at most one dimension is open, else one
 * expand_dims per axis in ascending order.
 */
public final class Unsqueeze implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        int rank = ctx.rank(0);
        long[] raw = ctx.opset() < 13 ? ctx.attrs().ints("axes") : ctx.requireLongs(1, "axes");
        if (raw == null) {
            throw ctx.error("axes are required");
        }
        int outRank = rank + raw.length;
        int[] axes = ctx.axes(raw, outRank, "axis");
        for (int k = 1; k < axes.length; k++) {
            if (axes[k] == axes[k - 1]) {
                throw ctx.error("axis " + axes[k] + " is repeated");
            }
        }
        long[] in = xv.shape();
        long[] shape = new long[outRank];
        for (int k = 0, a = 0, i = 0; k < outRank; k++) {
            if (a < axes.length && axes[a] == k) {
                shape[k] = 1;
                a++;
            } else {
                shape[k] = in[i++];
            }
        }
        return Emit.one(Value.lazy(() -> {
            SDVariable x = ctx.var(xv);
            if (Shapes.unknownCount(shape) <= 1) {
                return ctx.sd().reshape(x, shape);
            }
            SDVariable out = x;
            for (int a : axes) {
                out = ctx.sd().expandDims(out, a);
            }
            return out;
        }, xv.dataType(), shape, xv.elements()));
    }
}
