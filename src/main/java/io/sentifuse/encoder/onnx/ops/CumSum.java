package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * CumSum along a known {@code axis} input, with the {@code exclusive} and {@code reverse} attributes. Integer
 * inputs (RoBERTa's position ids) are summed in double, since ND4J's cumsum rejects integer tensors.
 */
public final class CumSum implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        int axis = ctx.axis(ctx.requireLongs(1, "axis")[0], ctx.rank(0), "axis");
        boolean exclusive = ctx.attrs().i("exclusive", 0) != 0;
        boolean reverse = ctx.attrs().i("reverse", 0) != 0;
        SDVariable x = ctx.var(xv);
        if (xv.dataType().isFPType()) {
            return Emit.one(Value.of(ctx.sd().cumsum(x, exclusive, reverse, axis), xv.shape()));
        }
        // ND4J's cumsum fails on integer tensors: sum in double (exact below 2^53) and convert back.
        SDVariable sum = ctx.sd().cumsum(x.castTo(DataType.DOUBLE), exclusive, reverse, axis).castTo(xv.dataType());
        return Emit.one(Value.of(sum, xv.shape()));
    }
}
