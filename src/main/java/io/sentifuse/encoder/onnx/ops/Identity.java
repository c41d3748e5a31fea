package io.sentifuse.encoder.onnx.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * Identity, and Dropout at inference (its output is its input; the optional mask is all true). A Dropout
 * with {@code training_mode} known to be true is refused: translated graphs are inference graphs.
 */
public final class Identity implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value x = ctx.input(0);
        if (ctx.opType().equals("Dropout")) {
            boolean training = ctx.opset() >= 12 && ctx.has(2) && ctx.requireLongs(2, "training_mode")[0] != 0;
            double ratio = ctx.opset() >= 12 ? (ctx.has(1) ? ctx.requireDoubles(1, "ratio")[0] : 0.5) : ctx.attrs().f("ratio", 0.5f);
            if (training && ratio != 0) {
                throw ctx.error("training_mode=true with ratio " + ratio + " draws random masks, which a translated"
                        + " (inference) graph does not do");
            }
            List<Value> out = new ArrayList<>();
            out.add(x);
            if (ctx.wantsOutput(1)) {
                out.add(Value.of(ctx.sd().onesLike(ctx.var(x)).castTo(org.nd4j.linalg.api.buffer.DataType.BOOL), x.shape()));
            }
            return out;
        }
        return Emit.one(x);
    }
}
