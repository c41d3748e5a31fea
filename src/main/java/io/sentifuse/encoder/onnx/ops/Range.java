package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Range(start, limit, delta): max(ceil((limit - start) / delta), 0) elements. Known scalars are evaluated
 * exactly in Java (in the inputs' type); run-time ones use ND4J's range.
 */
public final class Range implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value start = ctx.input(0);
        DataType type = start.dataType();
        if (start.isConstant() && ctx.input(1).isConstant() && ctx.input(2).isConstant()) {
            return Emit.one(Value.constant(evaluate(ctx.constant(0), ctx.constant(1), ctx.constant(2), type)));
        }
        // ND4J's range miscounts negative integer steps: count = max(ceil((limit - start) / delta), 0) here,
        // then start + delta * [0, 1, ..., count - 1].
        SameDiff sd = ctx.sd();
        SDVariable s = ctx.var(0).castTo(DataType.DOUBLE);
        SDVariable d = ctx.var(2).castTo(DataType.DOUBLE);
        SDVariable count = sd.math().ceil(ctx.var(1).castTo(DataType.DOUBLE).sub(s).div(d));
        SDVariable n = sd.max(count, sd.constant(0.0)).castTo(DataType.LONG);
        SDVariable steps = sd.range(sd.constant(0L), n, sd.constant(1L), DataType.DOUBLE);
        SDVariable out = steps.mul(d).add(s).castTo(type);
        return Emit.one(Value.of(out, new long[] {-1}));
    }

    static INDArray evaluate(INDArray s, INDArray l, INDArray d, DataType type) {
        if (type.isIntType()) {
            long a = s.getLong(0);
            long b = l.getLong(0);
            long c = d.getLong(0);
            long n = Math.max(0, (long) Math.ceil((double) (b - a) / c));
            long[] out = new long[(int) n];
            for (int k = 0; k < n; k++) {
                out[k] = a + k * c;
            }
            return n == 0 ? Nd4j.create(type, 0) : Nd4j.createFromArray(out).castTo(type);
        }
        double a = s.getDouble(0);
        double b = l.getDouble(0);
        double c = d.getDouble(0);
        long n = Math.max(0, (long) Math.ceil((b - a) / c));
        double[] out = new double[(int) n];
        for (int k = 0; k < n; k++) {
            out[k] = a + k * c;
        }
        return n == 0 ? Nd4j.create(type, 0) : Nd4j.createFromArray(out).castTo(type);
    }
}
