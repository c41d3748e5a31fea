package io.sentifuse.encoder.onnx.ops;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Split along {@code axis} into the node's outputs: sizes from the {@code split} attribute (before opset 13)
 * or input (from 13), else equal parts. Each part is a strided slice; equal parts of a dimension known only at
 * run time use ND4J's split.
 */
public final class Split implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        int rank = ctx.rank(0);
        int axis = ctx.axis(ctx.attrs().i("axis", 0), rank, "axis");
        int parts = ctx.outputCount();
        long[] sizes = ctx.opset() < 13 ? ctx.attrs().ints("split") : ctx.has(1) ? ctx.requireLongs(1, "split") : null;
        if (sizes != null && sizes.length == 0) {
            sizes = null;
        }
        long dim = xv.dim(axis);
        List<Value> out = new ArrayList<>();
        if (sizes == null && dim < 0) {
            SDVariable[] pieces = ctx.sd().split(ctx.var(xv), parts, axis);
            for (SDVariable p : pieces) {
                long[] s = xv.shape();
                s[axis] = -1;
                out.add(Value.of(p, s));
            }
            return out;
        }
        if (sizes == null) {
            if (dim % parts != 0) {
                throw ctx.error("dimension " + dim + " of axis " + axis + " does not split into " + parts + " equal parts");
            }
            sizes = new long[parts];
            java.util.Arrays.fill(sizes, dim / parts);
        }
        if (sizes.length != parts) {
            throw ctx.error("split has " + sizes.length + " sizes for " + parts + " outputs");
        }
        SDVariable x = ctx.var(xv);
        long offset = 0;
        int all = (1 << rank) - 1;
        for (long size : sizes) {
            long[] b = new long[rank];
            long[] e = new long[rank];
            b[axis] = offset;
            e[axis] = offset + size;
            int mask = all & ~(1 << axis);
            SDVariable piece = ctx.sd().stridedSlice(x, b, e, Emit.ones(rank), mask, mask, 0, 0, 0);
            long[] s = xv.shape();
            s[axis] = size;
            // ND4J drops the shape of empty results; a zero-size part is known statically anyway.
            out.add(size == 0 && Shapes.isStatic(s) ? Value.constant(Nd4j.create(xv.dataType(), s)) : Value.of(piece, s));
            offset += size;
        }
        return out;
    }
}
