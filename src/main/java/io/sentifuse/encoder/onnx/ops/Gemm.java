package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Gemm: alpha * A' B' + beta * C with optional transposes; C is optional from opset 11 and broadcasts. */
public final class Gemm implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        SameDiff sd = ctx.sd();
        Value av = ctx.input(0);
        Value bv = ctx.input(1);
        boolean ta = ctx.attrs().i("transA", 0) != 0;
        boolean tb = ctx.attrs().i("transB", 0) != 0;
        double alpha = ctx.attrs().f("alpha", 1f);
        double beta = ctx.attrs().f("beta", 1f);
        SDVariable out = sd.mmul(ctx.var(av), ctx.var(bv), ta, tb, false);
        if (alpha != 1) {
            out = out.mul(alpha);
        }
        if (ctx.has(2) && beta != 0) {
            SDVariable c = ctx.var(2);
            out = sd.math().add(out, beta == 1 ? c : c.mul(beta));
        }
        long m = av.shape() == null ? -1 : av.shape()[ta ? 1 : 0];
        long n = bv.shape() == null ? -1 : bv.shape()[tb ? 0 : 1];
        return Emit.one(Value.of(out, new long[] {m, n}));
    }
}
