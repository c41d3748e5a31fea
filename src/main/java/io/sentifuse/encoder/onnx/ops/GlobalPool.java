package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/** GlobalAveragePool / GlobalMaxPool: reduce every spatial axis, keeping it as size 1. */
public final class GlobalPool implements OpMapper {

    private final boolean max;

    public GlobalPool(boolean max) {
        this.max = max;
    }

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        int rank = ctx.rank(0);
        int[] axes = Emit.range(2, rank);
        long[] shape = xv.shape();
        for (int a : axes) {
            shape[a] = 1;
        }
        if (ChannelsLast.held(xv)) {
            SDVariable x = xv.channelsLast();
            int[] spatial = {1, 2};
            return Emit.one(Value.channelsLast(max ? ctx.sd().max(x, true, spatial) : ctx.sd().mean(x, true, spatial),
                    shape));
        }
        SDVariable x = ctx.var(xv);
        SDVariable out = max ? ctx.sd().max(x, true, axes) : ctx.sd().mean(x, true, axes);
        return Emit.one(Value.of(out, shape));
    }
}
