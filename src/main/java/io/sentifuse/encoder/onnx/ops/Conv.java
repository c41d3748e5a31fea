package io.sentifuse.encoder.onnx.ops;

import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv3DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conv over 1, 2 or 3 spatial axes (NCHW), with strides, dilations, explicit or automatic padding and groups.
 * 1-D runs as 2-D with a unit height. Symmetric padding goes to ND4J's convolution. With rewrites on, asymmetric
 * 2-D padding that is TensorFlow's SAME (the odd row and column at the end, as TF-exported CNNs have on every
 * stride-2 layer) goes as ND4J's SAME mode: the same values bit for bit, without copying the input into a padded
 * buffer. Other asymmetric padding is applied first as an explicit zero pad. groups = channels is ND4J's depthwise
 * convolution; other group counts run one convolution per group. With rewrites on, a depthwise convolution runs as
 * one shifted product per kernel tap where the ND4J build calls for it ({@link DepthwiseTaps},
 * {@link io.sentifuse.encoder.onnx.TranslationOptions.Depthwise}), and a Conv fused with its BatchNormalization
 * ({@link ConvBnFusion}) convolves with the folded weight and bias ({@link FoldedBatchNorm}). Other dilated
 * convolutions run undilated with a zero-spaced kernel ({@link Dilation}). With rewrites on, in builds with oneDNN,
 * 2-D convolutions (full and depthwise) run on channels-last arrays ({@link ChannelsLast}).
 */
public final class Conv implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        SameDiff sd = ctx.sd();
        Value xv = ctx.input(0);
        Value wv = ctx.input(1);
        int rank = ctx.rank(0);
        int nd = rank - 2;
        if (nd < 1 || nd > 3) {
            throw ctx.error("input rank " + rank + " is not supported (1-, 2- or 3-D convolutions only)");
        }
        long[] ws = wv.shape();
        if (ws == null || !wv.isStaticShape()) {
            throw ctx.error("the weight tensor needs a static shape");
        }
        long[] kernel = ctx.attrs().has("kernel_shape") ? ctx.attrs().ints("kernel_shape") : Arrays.copyOfRange(ws, 2, ws.length);
        long[] strides = Padding.perAxis(ctx, "strides", nd, 1);
        long[] dil = Padding.perAxis(ctx, "dilations", nd, 1);
        long[] in = Arrays.copyOfRange(xv.shape(), 2, rank);
        Padding pad = Padding.resolve(ctx, in, kernel, strides, dil);
        long group = ctx.attrs().i("group", 1);
        long channels = ws[1] * group;
        Weight weight;
        SDVariable bias;
        INDArray[] foldedNow = ctx.attrs().has(ConvBnFusion.EPSILON) ? FoldedBatchNorm.foldNow(ctx, ws) : null;
        if (foldedNow != null) {
            weight = Weight.known(ctx, foldedNow[0]);
            bias = ctx.constant(foldedNow[1]);
        } else if (ctx.attrs().has(ConvBnFusion.EPSILON)) {
            SDVariable[] folded = FoldedBatchNorm.fold(ctx, ws);
            weight = Weight.of(folded[0]);
            bias = folded[1];
        } else {
            weight = Weight.of(ctx, wv);
            bias = ctx.has(2) ? ctx.var(2) : null;
        }
        long[] outShape = outShape(xv.shape(), ws[0], kernel, strides, dil, pad, nd);
        if (DepthwiseTaps.applies(ctx, xv, nd, group, channels, ws, kernel)) {
            return Emit.one(Value.of(DepthwiseTaps.conv(ctx, ctx.var(xv), xv.shape(), weight, bias, kernel, strides,
                    dil, pad.spec(), outShape), outShape));
        }
        if (Dilation.any(dil)) {
            // ND4J's oneDNN builds cannot run dilated convolutions: convolve undilated with a zero-spaced kernel
            weight = weight.known() != null ? Weight.known(ctx, Dilation.kernelNow(weight.known(), dil))
                    : Weight.of(Dilation.kernel(ctx, weight.variable(), ws, dil));
            kernel = Dilation.span(kernel, dil);
            dil = Emit.ones(nd);
        }
        boolean depthwise = group > 1 && nd != 3 && group == channels && ws[0] % channels == 0;
        boolean last = ctx.channelsLast() && nd == 2 && (group == 1 || depthwise);
        SDVariable x = last ? ChannelsLast.of(ctx, xv) : ctx.var(xv);

        long[] explicit = new long[nd];
        boolean same = ctx.rewrites() && nd == 2 && !pad.symmetric() && pad.isSameUpper(in, kernel, strides, dil);
        if (!pad.symmetric() && !same) {
            long[][] spec = last ? ChannelsLast.spec(pad.spec()) : pad.spec();
            x = sd.nn().pad(x, ctx.constant(Nd4j.createFromArray(spec)), PadMode.CONSTANT, 0);
        } else {
            explicit = pad.begin;
        }
        String format = last ? "NHWC" : "NCHW";
        if (nd == 1) {
            x = sd.expandDims(x, 2);
            weight = Weight.of(sd.expandDims(weight.variable(), 2));
            kernel = new long[] {1, kernel[0]};
            strides = new long[] {1, strides[0]};
            dil = new long[] {1, dil[0]};
            explicit = new long[] {0, explicit[0]};
        }
        SDVariable out;
        if (group == 1) {
            out = conv(ctx, x, weight, bias, kernel, strides, dil, explicit, same, format);
        } else if (depthwise) {
            long[] byChannel = {channels, ws[0] / channels, kernel[0], kernel[1]};
            SDVariable dw = weight.laidOut(ctx, a -> a.reshape(byChannel).permute(2, 3, 0, 1),
                    v -> sd.permute(sd.reshape(v, byChannel), 2, 3, 0, 1));
            out = sd.cnn().depthWiseConv2d(x, dw, bias, config2d(kernel, strides, dil, explicit, same, format));
        } else {
            out = grouped(ctx, x, weight.variable(), bias, group, channels, ws[0], kernel, strides, dil, explicit, same);
        }
        if (last) {
            return Emit.one(Value.channelsLast(out, outShape));
        }
        if (nd == 1) {
            out = sd.squeeze(out, 2);
        }
        return Emit.one(Value.of(out, outShape));
    }

    private static SDVariable conv(NodeContext ctx, SDVariable x, Weight w, SDVariable bias, long[] k, long[] s,
                                   long[] d, long[] p, boolean same, String format) {
        SameDiff sd = ctx.sd();
        if (k.length == 2) {
            // ND4J M2.1's conv2d_bp rejects OIYX weights ("Op validation failed"), so the weight is handed over in
            // its default [kH, kW, in, out] layout: a weight-sized permute that keeps gradients working, made once
            // while translating when the weight is known.
            SDVariable yxio = w.laidOut(ctx, a -> a.permute(2, 3, 1, 0), v -> sd.permute(v, 2, 3, 1, 0));
            return sd.cnn().conv2d(x, yxio, bias, config2d(k, s, d, p, same, format));
        }
        Conv3DConfig c = Conv3DConfig.builder().kD(k[0]).kH(k[1]).kW(k[2]).sD(s[0]).sH(s[1]).sW(s[2])
                .dD(d[0]).dH(d[1]).dW(d[2]).pD(p[0]).pH(p[1]).pW(p[2]).biasUsed(bias != null)
                .paddingMode(PaddingMode.VALID).dataFormat("NCDHW").build();
        SDVariable w3 = sd.permute(w.variable(), 2, 3, 4, 1, 0);
        return bias == null ? sd.cnn().conv3d(x, w3, c) : sd.cnn().conv3d(x, w3, bias, c);
    }

    /**
     * {@code same}: ND4J's SAME mode (padding computed by ND4J, {@code p} unused), else VALID plus {@code p};
     * {@code format}: NCHW, or NHWC for {@link ChannelsLast} activations (the weight layout is the same).
     */
    private static Conv2DConfig config2d(long[] k, long[] s, long[] d, long[] p, boolean same, String format) {
        return Conv2DConfig.builder().kH(k[0]).kW(k[1]).sH(s[0]).sW(s[1]).dH(d[0]).dW(d[1])
                .pH(same ? 0 : p[0]).pW(same ? 0 : p[1]).paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat(format).weightsFormat(WeightsFormat.YXIO).build();
    }

    private static SDVariable grouped(NodeContext ctx, SDVariable x, SDVariable w, SDVariable bias, long group, long channels,
                                      long outChannels, long[] k, long[] s, long[] d, long[] p, boolean same) {
        SameDiff sd = ctx.sd();
        long cin = channels / group;
        long cout = outChannels / group;
        SDVariable[] parts = new SDVariable[(int) group];
        for (int g = 0; g < group; g++) {
            SDVariable xg = channelSlice(sd, x, g * cin, cin, k.length + 2);
            SDVariable wg = channelSlice0(sd, w, g * cout, cout, k.length + 2);
            SDVariable bg = bias == null ? null
                    : sd.stridedSlice(bias, new long[] {g * cout}, new long[] {(g + 1) * cout}, new long[] {1});
            parts[g] = conv(ctx, xg, Weight.of(wg), bg, k, s, d, p, same, "NCHW");
        }
        return sd.concat(1, parts);
    }

    private static SDVariable channelSlice(SameDiff sd, SDVariable x, long from, long count, int rank) {
        long[] b = new long[rank];
        long[] e = new long[rank];
        long[] st = Emit.ones(rank);
        b[1] = from;
        e[1] = from + count;
        int mask = ((1 << rank) - 1) & ~2;
        return sd.stridedSlice(x, b, e, st, mask, mask, 0, 0, 0);
    }

    private static SDVariable channelSlice0(SameDiff sd, SDVariable w, long from, long count, int rank) {
        long[] b = new long[rank];
        long[] e = new long[rank];
        b[0] = from;
        e[0] = from + count;
        int mask = ((1 << rank) - 1) & ~1;
        return sd.stridedSlice(w, b, e, Emit.ones(rank), mask, mask, 0, 0, 0);
    }

    private static long[] outShape(long[] xs, long m, long[] k, long[] s, long[] d, Padding pad, int nd) {
        long[] out = new long[nd + 2];
        out[0] = xs[0];
        out[1] = m;
        int off = k.length - nd;
        for (int a = 0; a < nd; a++) {
            long in = xs[a + 2];
            out[a + 2] = in < 0 ? -1
                    : (in + pad.begin[a] + pad.end[a] - (k[a + off] - 1) * d[a + off] - 1) / s[a + off] + 1;
        }
        return out;
    }
}
