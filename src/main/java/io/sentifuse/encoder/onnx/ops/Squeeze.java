package io.sentifuse.encoder.onnx.ops;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Squeeze: removes {@code axes} (attribute before opset 13, optional input from 13); without axes, every
 * dimension of size 1, which then has to be known while translating.
 */
public final class Squeeze implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        int rank = ctx.rank(0);
        long[] raw = ctx.opset() < 13 ? ctx.attrs().ints("axes") : ctx.has(1) ? ctx.requireLongs(1, "axes") : null;
        int[] axes;
        if (raw == null || raw.length == 0) {
            List<Integer> ones = new ArrayList<>();
            for (int k = 0; k < rank; k++) {
                if (xv.dim(k) < 0) {
                    throw ctx.error("without axes, every dimension must be known while translating; dimension " + k + " is not");
                }
                if (xv.dim(k) == 1) {
                    ones.add(k);
                }
            }
            axes = ones.stream().mapToInt(Integer::intValue).toArray();
        } else {
            axes = ctx.axes(raw, rank, "axis");
        }
        for (int a : axes) {
            if (xv.dim(a) > 1) {
                throw ctx.error("cannot squeeze axis " + a + " of size " + xv.dim(a));
            }
        }
        long[] shape = Shapes.remove(xv.shape(), axes);
        int[] removed = axes;
        return Emit.one(Value.lazy(() -> {
            SDVariable x = ctx.var(xv);
            if (Shapes.unknownCount(shape) <= 1) {
                return ctx.sd().reshape(x, shape);
            }
            SDVariable out = x;
            for (int k = removed.length - 1; k >= 0; k--) {
                out = ctx.sd().squeeze(out, removed[k]);
            }
            return out;
        }, xv.dataType(), shape, xv.elements()));
    }
}
