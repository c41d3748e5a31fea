package io.sentifuse.encoder.onnx.ops;

import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling3D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling3DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MaxPool and AveragePool over 1, 2 or 3 spatial axes with ONNX's padding rules. All padding is made
 * explicit before an unpadded ND4J pooling: -inf for max pooling, zeros for averages. ceil_mode adds the
 * missing end padding. An average divides by the number of window elements that count: input elements,
 * plus explicit padding when count_include_pad=1, never the ceil_mode extension; that count comes from
 * pooling a ones mask padded the same way.
 */
public final class Pool implements OpMapper {

    private final boolean max;

    public Pool(boolean max) {
        this.max = max;
    }

    @Override
    public List<Value> map(NodeContext ctx) {
        SameDiff sd = ctx.sd();
        Value xv = ctx.input(0);
        int rank = ctx.rank(0);
        int nd = rank - 2;
        if (nd < 1 || nd > 3) {
            throw ctx.error("input rank " + rank + " is not supported (1-, 2- or 3-D pooling only)");
        }
        if (ctx.wantsOutput(1)) {
            throw ctx.error("the Indices output of MaxPool is not supported");
        }
        long[] kernel = ctx.attrs().ints("kernel_shape");
        if (kernel == null || kernel.length != nd) {
            throw ctx.error("kernel_shape must have " + nd + " values");
        }
        long[] strides = Padding.perAxis(ctx, "strides", nd, 1);
        long[] dil = Padding.perAxis(ctx, "dilations", nd, 1);
        long[] in = Arrays.copyOfRange(xv.shape(), 2, rank);
        Padding pad = Padding.resolve(ctx, in, kernel, strides, dil);
        boolean ceil = ctx.attrs().i("ceil_mode", 0) != 0;
        long[] extra = new long[nd];
        long[] outSpatial = new long[nd];
        for (int a = 0; a < nd; a++) {
            long span = (kernel[a] - 1) * dil[a] + 1;
            if (in[a] < 0) {
                if (ceil) {
                    throw ctx.error("ceil_mode needs the spatial size of the input, which is only known at run time");
                }
                outSpatial[a] = -1;
                continue;
            }
            long padded = in[a] + pad.begin[a] + pad.end[a];
            long out = ceil ? Math.floorDiv(padded - span + strides[a] - 1, strides[a]) + 1 : Math.floorDiv(padded - span, strides[a]) + 1;
            outSpatial[a] = out;
            extra[a] = Math.max(0, (out - 1) * strides[a] + span - padded);
        }
        DataType type = xv.dataType();
        // channels-last input (ChannelsLast) stays so: 2-D windows pool it in that layout
        boolean last = ChannelsLast.held(xv) && nd == 2 && !Dilation.any(dil);
        SDVariable x = last ? xv.channelsLast() : ctx.var(xv);
        if (!type.isFPType()) {
            x = x.castTo(DataType.FLOAT);
        }
        long[][] all = spec(pad.begin, pad.end, extra, last);
        boolean padded = Arrays.stream(all).anyMatch(p -> p[0] != 0 || p[1] != 0);
        SDVariable xp = padded ? sd.nn().pad(x, ctx.constant(Nd4j.createFromArray(all)),
                PadMode.CONSTANT, max ? Double.NEGATIVE_INFINITY : 0) : x;
        SDVariable out = pool(sd, xp, kernel, strides, dil, max, last);
        boolean countInclude = ctx.attrs().i("count_include_pad", 0) != 0;
        boolean allCount = !padded || countInclude && Arrays.stream(extra).allMatch(e -> e == 0);
        if (!max && !allCount) {
            // ones over one example's spatial positions of one channel, broadcast over examples and channels
            int channel = last ? ChannelsLast.CHANNEL_AXIS : 1;
            long[] first = new long[rank];
            first[0] = 1;
            first[channel] = 1;
            SDVariable ones = sd.onesLike(sd.stridedSlice(x, new long[rank], first, Emit.ones(rank),
                    0, ((1 << rank) - 1) & ~1 & ~(1 << channel), 0, 0, 0));
            SDVariable mask = countInclude
                    ? sd.nn().pad(sd.nn().pad(ones, ctx.constant(Nd4j.createFromArray(spec(pad.begin, pad.end, new long[nd], last))),
                            PadMode.CONSTANT, 1), ctx.constant(Nd4j.createFromArray(spec(new long[nd], extra, new long[nd], last))),
                            PadMode.CONSTANT, 0)
                    : sd.nn().pad(ones, ctx.constant(Nd4j.createFromArray(all)), PadMode.CONSTANT, 0);
            out = sd.math().div(out, pool(sd, mask, kernel, strides, dil, false, last));
        }
        if (!type.isFPType()) {
            out = out.castTo(type);
        }
        long[] shape = Shapes0.withSpatial(xv.shape(), outSpatial);
        return Emit.one(last ? Value.channelsLast(out, shape) : Value.of(out, shape));
    }

    /** ND4J pad spec of the spatial padding, channels-first or ({@code last}) channels-last. */
    private static long[][] spec(long[] begin, long[] end, long[] extra, boolean last) {
        long[][] p = new long[begin.length + 2][2];
        for (int a = 0; a < begin.length; a++) {
            p[a + 2][0] = begin[a];
            p[a + 2][1] = end[a] + extra[a];
        }
        return last ? ChannelsLast.spec(p) : p;
    }

    /**
     * Unpadded pooling; 1-D runs as 2-D with a unit height; dilated windows as slices ({@link Dilation});
     * {@code last}: 2-D windows over channels-last input.
     */
    private static SDVariable pool(SameDiff sd, SDVariable x, long[] k, long[] s, long[] d, boolean max, boolean last) {
        if (Dilation.any(d)) {
            return Dilation.pool(sd, x, k, s, d, max);
        }
        if (k.length == 1) {
            SDVariable y = pool(sd, sd.expandDims(x, 2), new long[] {1, k[0]}, new long[] {1, s[0]}, new long[] {1, d[0]},
                    max, false);
            return sd.squeeze(y, 2);
        }
        if (k.length == 2) {
            Pooling2DConfig c = Pooling2DConfig.builder().kH(k[0]).kW(k[1]).sH(s[0]).sW(s[1]).dH(d[0]).dW(d[1])
                    .pH(0).pW(0).paddingMode(PaddingMode.VALID).isNHWC(last)
                    .type(max ? Pooling2D.Pooling2DType.MAX : Pooling2D.Pooling2DType.AVG).build();
            return max ? sd.cnn().maxPooling2d(x, c) : sd.cnn().avgPooling2d(x, c);
        }
        // ND4J M2.1's Pooling3DConfig hands kH/sH/dH to the native op as the width values and vice versa
        // (a 3-D pool with kH=2, kW=3 pools 3 rows and 2 columns), so height and width are given swapped.
        Pooling3DConfig c = Pooling3DConfig.builder().kD(k[0]).kH(k[2]).kW(k[1]).sD(s[0]).sH(s[2]).sW(s[1])
                .dD(d[0]).dH(d[2]).dW(d[1]).pD(0).pH(0).pW(0).isSameMode(false).isNCDHW(true)
                .type(max ? Pooling3D.Pooling3DType.MAX : Pooling3D.Pooling3DType.AVG).build();
        return max ? sd.cnn().maxPooling3d(x, c) : sd.cnn().avgPooling3d(x, c);
    }

    /** Shape helpers local to pooling. */
    private static final class Shapes0 {
        static long[] withSpatial(long[] xs, long[] spatial) {
            long[] out = new long[spatial.length + 2];
            out[0] = xs[0];
            out[1] = xs[1];
            System.arraycopy(spatial, 0, out, 2, spatial.length);
            return out;
        }
    }
}
