package io.sentifuse.encoder.onnx.ops;

import java.util.List;

/** Transpose by {@code perm}; without it, the dimensions are reversed. */
public final class Transpose implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        int rank = ctx.rank(0);
        long[] permAttr = ctx.attrs().ints("perm");
        int[] perm = new int[rank];
        for (int k = 0; k < rank; k++) {
            perm[k] = permAttr == null || permAttr.length == 0 ? rank - 1 - k : ctx.axis(permAttr[k], rank, "perm entry");
        }
        long[] s = xv.shape();
        long[] out = new long[rank];
        for (int k = 0; k < rank; k++) {
            out[k] = s[perm[k]];
        }
        if (ctx.channelsLast() && java.util.Arrays.equals(perm, ChannelsLast.TO_FIRST) && !xv.isConstant()
                && !ChannelsLast.held(xv)) {
            // a channels-last input made channels-first for the convolutions (TensorFlow models): they read it as is
            return Emit.one(Value.channelsLast(ctx.var(xv), out));
        }
        return Emit.one(Value.of(ctx.sd().permute(ctx.var(xv), perm), out));
    }
}
