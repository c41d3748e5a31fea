package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import java.util.function.BiFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** An element-wise operator of one input whose output has the input's shape (Sqrt, Erf, Tanh, Relu, ...). */
public final class Unary implements OpMapper {

    private final BiFunction<SameDiff, SDVariable, SDVariable> op;

    public Unary(BiFunction<SameDiff, SDVariable, SDVariable> op) {
        this.op = op;
    }

    @Override
    public List<Value> map(NodeContext ctx) {
        Value x = ctx.input(0);
        if (ChannelsLast.held(x)) {
            // element-wise: the same op on the channels-last array
            return Emit.one(Value.channelsLast(op.apply(ctx.sd(), x.channelsLast()), x.shape()));
        }
        return Emit.one(Value.of(op.apply(ctx.sd(), ctx.var(x)), x.shape()));
    }
}
