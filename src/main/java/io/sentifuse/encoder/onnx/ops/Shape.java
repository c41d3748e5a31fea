package io.sentifuse.encoder.onnx.ops;

import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shape as INT64, optionally sliced by {@code start}/{@code end} (opset 15; negative counts from the end,
 * both clamp). Known dimensions are tracked, so a static part of a dynamic shape still folds downstream.
 */
public final class Shape implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        int rank = ctx.rank(0);
        int start = (int) clamp(ctx.attrs().i("start", 0), rank);
        int end = (int) clamp(ctx.attrs().i("end", rank), rank);
        end = Math.max(end, start);
        long[] dims = Arrays.copyOfRange(xv.shape(), start, end);
        if (Arrays.stream(dims).allMatch(d -> d >= 0)) {
            return Emit.one(Value.constant(Nd4j.createFromArray(dims)));
        }
        int from = start;
        int to = end;
        long[] el = Arrays.stream(dims).map(d -> d >= 0 ? d : Value.UNKNOWN).toArray();
        return Emit.one(Value.lazy(() -> {
            SDVariable s = Emit.shapeLong(ctx.sd(), ctx.var(xv));
            return from != 0 || to != rank ? Emit.slice1d(ctx, s, from, to) : s;
        }, DataType.LONG, new long[] {dims.length}, el.length <= 16 ? el : null));
    }

    private static long clamp(long v, int rank) {
        return Math.max(0, Math.min(rank, v < 0 ? v + rank : v));
    }
}
