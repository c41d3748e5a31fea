package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/** Size: the number of elements, an INT64 scalar. */
public final class Size implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        long[] s = xv.shape();
        if (s != null && Shapes.product(s, 0, s.length) >= 0) {
            return Emit.one(Value.constant(Nd4j.scalar(Shapes.product(s, 0, s.length))));
        }
        return Emit.one(Value.of(ctx.sd().prod(Emit.shapeLong(ctx.sd(), ctx.var(xv)), false, 0), new long[0]));
    }
}
