package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pow(X, Y) with broadcasting; the result has X's type. A known scalar exponent of 2 (LayerNorm exports)
 * becomes a multiplication, 0.5 a square root; integer bases are computed in double and converted back.
 */
public final class Pow implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        Value yv = ctx.input(1);
        SameDiff sd = ctx.sd();
        SDVariable x = ctx.var(xv);
        DataType type = xv.dataType();
        long[] shape;
        try {
            shape = Shapes.broadcast(xv.shape(), yv.shape());
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage());
        }
        INDArray y = ctx.constant(1);
        if (y != null && y.length() == 1 && type.isFPType() && yv.rank() <= xv.rank()) {
            double p = y.getDouble(0);
            SDVariable out = p == 2 ? sd.math().mul(x, x) : p == 1 ? sd.identity(x)
                    : p == 0.5 ? sd.math().sqrt(x) : sd.math().pow(x, p);
            return Emit.one(Value.of(out, shape));
        }
        if (type.isFPType()) {
            SDVariable e = ctx.var(yv);
            if (e.dataType() != type) {
                e = e.castTo(type);
            }
            return Emit.one(Value.of(sd.math().pow(x, e), shape));
        }
        SDVariable out = sd.math().pow(x.castTo(DataType.DOUBLE), ctx.var(yv).castTo(DataType.DOUBLE)).castTo(type);
        return Emit.one(Value.of(out, shape));
    }
}
