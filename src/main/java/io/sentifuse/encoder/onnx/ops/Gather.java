package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gather along {@code axis} (default 0) with ONNX's negative indices (counted from the end of the axis).
 * Known indices are normalised while translating, run-time ones by {@code i + (i < 0) * dim}. A gather from a
 * run-time tensor along an axis other than 0 moves that axis to the front first, so that every gather in a
 * translated graph has the (corrected, see {@code GatherGradient}) axis-0 gradient.
 */
public final class Gather implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        SameDiff sd = ctx.sd();
        Value data = ctx.input(0);
        Value idx = ctx.input(1);
        int rank = ctx.rank(0);
        int axis = ctx.axis(ctx.attrs().i("axis", 0), rank, "axis");
        long dim = data.dim(axis);
        INDArray known = idx.constant();
        long[] picked = null;
        if (known != null && (dim >= 0 || known.isEmpty() || known.castTo(DataType.LONG).minNumber().longValue() >= 0)) {
            INDArray norm = known.castTo(DataType.LONG);
            if (dim >= 0 && !norm.isEmpty()) {
                norm = norm.add(norm.lt(0).castTo(DataType.LONG).muli(dim));
            }
            picked = pick(data.elements(), norm, rank);
        }
        long[] shape = data.shape() == null || idx.shape() == null ? null
                : Shapes.concat(Shapes.concat(java.util.Arrays.copyOfRange(data.shape(), 0, axis), idx.shape()),
                java.util.Arrays.copyOfRange(data.shape(), axis + 1, rank));
        return Emit.one(Value.lazy(() -> gather(ctx, data, idx, axis, dim), data.dataType(), shape, picked));
    }

    private static SDVariable gather(NodeContext ctx, Value data, Value idx, int axis, long dim) {
        SameDiff sd = ctx.sd();
        INDArray known = idx.constant();
        SDVariable indices;
        if (known != null && (dim >= 0 || known.isEmpty() || known.castTo(DataType.LONG).minNumber().longValue() >= 0)) {
            INDArray norm = known.castTo(DataType.LONG);
            if (dim >= 0 && !norm.isEmpty()) {
                norm = norm.add(norm.lt(0).castTo(DataType.LONG).muli(dim));
            }
            indices = ctx.constant(norm.castTo(known.dataType()));
        } else {
            SDVariable i = ctx.var(idx);
            SDVariable size = Emit.as(sd.sizeAt(ctx.var(data), axis), i.dataType());
            indices = i.add(sd.lt(i, 0.0).castTo(i.dataType()).mul(size));
        }
        if (axis == 0 || data.isConstant()) {
            return sd.gather(ctx.var(data), indices, axis);
        }
        int rank = data.rank();
        int q = idx.rank();
        if (q < 0) {
            throw ctx.error("needs the rank of the indices");
        }
        int[] front = new int[rank];
        front[0] = axis;
        for (int k = 0, j = 1; k < rank; k++) {
            if (k != axis) {
                front[j++] = k;
            }
        }
        SDVariable g = sd.gather(sd.permute(ctx.var(data), front), indices, 0);
        int[] back = new int[rank - 1 + q];
        int j = 0;
        for (int k = 0; k < axis; k++) {
            back[j++] = q + k;
        }
        for (int k = 0; k < q; k++) {
            back[j++] = k;
        }
        for (int k = axis; k < rank - 1; k++) {
            back[j++] = q + k;
        }
        return sd.permute(g, back);

    }

    /** Elements of a tracked 1-D vector picked by known indices. */
    private static long[] pick(long[] elements, INDArray indices, int rank) {
        if (elements == null || rank != 1 || indices.rank() > 1 || indices.isEmpty()) {
            return null;
        }
        long[] ix = indices.reshape(-1).toLongVector();
        long[] out = new long[ix.length];
        for (int k = 0; k < ix.length; k++) {
            if (ix[k] < 0 || ix[k] >= elements.length) {
                return null;
            }
            out[k] = elements[(int) ix[k]];
        }
        return out;
    }
}
