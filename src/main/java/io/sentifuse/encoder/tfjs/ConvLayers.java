package io.sentifuse.encoder.tfjs;

import io.sentifuse.encoder.onnxbuild.Attrs;
import java.util.ArrayList;
import java.util.List;

/**
 * Conv2D, DepthwiseConv2D, SeparableConv2D and ZeroPadding2D. Kernels go from TF's HWIO to ONNX's OIHW (a
 * depthwise kernel {@code [kh, kw, C, m]} becomes a grouped convolution with {@code C*m} filters, filter
 * {@code c*m + j} reading channel c). TF's {@code same} padding is reproduced with explicit pads: total
 * {@code max((ceil(in/s) - 1) * s + (k - 1) * d + 1 - in, 0)}, the odd pixel at the bottom/right. A preceding
 * ZeroPadding2D is added to the convolution's own pads instead of becoming a Pad node.
 */
final class ConvLayers {

    private ConvLayers() {
    }

    static final LayerConverter CONV2D = new PaddedConverter((ctx, layer, in) -> {
        checkChannelsLast(ctx, layer);
        TfjsWeights.Weight k = ctx.weight(layer, "kernel");
        int kh = k.shape()[0];
        int kw = k.shape()[1];
        int cinPerGroup = k.shape()[2];
        int cout = k.shape()[3];
        int groups = in.channels() / cinPerGroup;
        float[] w = hwioToOihw(k.values(), kh, kw, cinPerGroup, cout);
        String weight = ctx.initializer(layer, "kernel", w, cout, cinPerGroup, kh, kw);
        return conv(ctx, layer, in, weight, layer.flag("use_bias", true) ? "bias" : null, kh, kw, cout, groups);
    });

    static final LayerConverter DEPTHWISE = new PaddedConverter((ctx, layer, in) -> {
        checkChannelsLast(ctx, layer);
        TfjsWeights.Weight k = ctx.weight(layer, "depthwise_kernel");
        int kh = k.shape()[0];
        int kw = k.shape()[1];
        int c = k.shape()[2];
        int mult = k.shape()[3];
        String weight = ctx.initializer(layer, "depthwise_kernel", depthwiseToOihw(k.values(), kh, kw, c, mult),
                (long) c * mult, 1, kh, kw);
        return conv(ctx, layer, in, weight, layer.flag("use_bias", true) ? "bias" : null, kh, kw, c * mult, c);
    });

    static final LayerConverter SEPARABLE = new PaddedConverter((ctx, layer, in) -> {
        checkChannelsLast(ctx, layer);
        TfjsWeights.Weight dk = ctx.weight(layer, "depthwise_kernel");
        TfjsWeights.Weight pk = ctx.weight(layer, "pointwise_kernel");
        int kh = dk.shape()[0];
        int kw = dk.shape()[1];
        int c = dk.shape()[2];
        int mult = dk.shape()[3];
        int cout = pk.shape()[3];
        String dw = ctx.initializer(layer, "depthwise_kernel", depthwiseToOihw(dk.values(), kh, kw, c, mult),
                (long) c * mult, 1, kh, kw);
        // The depthwise step carries the strides, dilation and padding; the pointwise 1x1 step the bias.
        Value mid = convNode(ctx, layer, in, dw, null, kh, kw, c * mult, c, layer.name() + "/depthwise",
                "depthwise");
        String pw = ctx.initializer(layer, "pointwise_kernel", hwioToOihw(pk.values(), 1, 1, c * mult, cout),
                cout, (long) c * mult, 1, 1);
        List<String> inputs = new ArrayList<>(List.of(mid.name(), pw));
        if (layer.flag("use_bias", true)) {
            inputs.add(bias(ctx, layer, cout));
        }
        String activation = layer.text("activation", "linear");
        String pre = Activations.preName(layer, activation, "Conv");
        ctx.node("Conv", layer, "pointwise/Conv", inputs, pre, Attrs.ints("dilations", 1, 1), Attrs.i("group", 1),
                Attrs.ints("kernel_shape", 1, 1), Attrs.ints("pads", 0, 0, 0, 0), Attrs.ints("strides", 1, 1));
        return Activations.apply(ctx, layer, activation, new Value(pre, mid.height(), mid.width(), cout));
    });

    static final LayerConverter ZERO_PADDING = (ctx, layer, inputs) -> {
        checkChannelsLast(ctx, layer);
        Value in = inputs.get(0);
        int[] p = zeroPadding(layer);
        int[] prior = in.pads() == null ? new int[4] : in.pads();
        int[] pads = {prior[0] + p[0], prior[1] + p[1], prior[2] + p[2], prior[3] + p[3]};
        return new Value(in.name(), new int[] {in.height() + p[0] + p[2], in.width() + p[1] + p[3], in.channels()},
                pads);
    };

    /** Padding (top, left, bottom, right) of a ZeroPadding2D: an int, a pair (rows, cols) or ((t, b), (l, r)). */
    private static int[] zeroPadding(KerasLayer layer) {
        var p = layer.config().path("padding");
        if (p.isNumber()) {
            return new int[] {p.asInt(), p.asInt(), p.asInt(), p.asInt()};
        }
        if (p.get(0).isNumber()) {
            return new int[] {p.get(0).asInt(), p.get(1).asInt(), p.get(0).asInt(), p.get(1).asInt()};
        }
        return new int[] {p.get(0).get(0).asInt(), p.get(1).get(0).asInt(), p.get(0).get(1).asInt(),
            p.get(1).get(1).asInt()};
    }

    private static Value conv(ConversionContext ctx, KerasLayer layer, Value in, String weight, String biasKey,
            int kh, int kw, int cout, int groups) {
        String activation = layer.text("activation", "linear");
        String pre = Activations.preName(layer, activation, "Conv");
        Value y = convNode(ctx, layer, in, weight, biasKey, kh, kw, cout, groups, pre, "Conv");
        return Activations.apply(ctx, layer, activation, y);
    }

    private static Value convNode(ConversionContext ctx, KerasLayer layer, Value in, String weight, String biasKey,
            int kh, int kw, int cout, int groups, String output, String suffix) {
        int[] s = layer.pair("strides", 1);
        int[] d = layer.pair("dilation_rate", 1);
        String padding = layer.text("padding", "valid");
        if (!padding.equals("same") && !padding.equals("valid")) {
            throw ctx.error(layer, "padding '" + padding + "' is not supported (expected same or valid)");
        }
        int[] prior = in.pads() == null ? new int[4] : in.pads();
        int[] ph = padding.equals("same") ? Geometry.samePads(in.height(), kh, s[0], d[0]) : new int[2];
        int[] pw = padding.equals("same") ? Geometry.samePads(in.width(), kw, s[1], d[1]) : new int[2];
        int top = prior[0] + ph[0];
        int left = prior[1] + pw[0];
        int bottom = prior[2] + ph[1];
        int right = prior[3] + pw[1];
        int oh = Geometry.outSize(in.height() + ph[0] + ph[1], kh, s[0], d[0]);
        int ow = Geometry.outSize(in.width() + pw[0] + pw[1], kw, s[1], d[1]);
        List<String> inputs = new ArrayList<>(List.of(in.name(), weight));
        if (biasKey != null) {
            inputs.add(bias(ctx, layer, cout));
        }
        ctx.node("Conv", layer, suffix, inputs, output, Attrs.ints("dilations", d[0], d[1]), Attrs.i("group", groups),
                Attrs.ints("kernel_shape", kh, kw), Attrs.ints("pads", top, left, bottom, right),
                Attrs.ints("strides", s[0], s[1]));
        return new Value(output, oh, ow, cout);
    }

    private static String bias(ConversionContext ctx, KerasLayer layer, int cout) {
        TfjsWeights.Weight b = ctx.weight(layer, "bias");
        return ctx.initializer(layer, "bias", b.values(), cout);
    }

    static float[] hwioToOihw(float[] k, int kh, int kw, int cin, int cout) {
        float[] out = new float[k.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < cin; i++) {
                    for (int o = 0; o < cout; o++) {
                        out[((o * cin + i) * kh + y) * kw + x] = k[((y * kw + x) * cin + i) * cout + o];
                    }
                }
            }
        }
        return out;
    }

    static float[] depthwiseToOihw(float[] k, int kh, int kw, int c, int mult) {
        float[] out = new float[k.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int m = 0; m < mult; m++) {
                        out[((ch * mult + m) * kh + y) * kw + x] = k[((y * kw + x) * c + ch) * mult + m];
                    }
                }
            }
        }
        return out;
    }

    static void checkChannelsLast(ConversionContext ctx, KerasLayer layer) {
        String format = layer.text("data_format", "channels_last");
        if (!format.equals("channels_last")) {
            throw ctx.error(layer, "data_format '" + format + "' is not supported (TF.js models are channels_last)");
        }
    }

    /** A converter body that receives its single input with any pending padding still attached. */
    @FunctionalInterface
    interface Body {
        Value convert(ConversionContext ctx, KerasLayer layer, Value in);
    }

    /** Adapts a {@link Body} to a {@link LayerConverter} that absorbs pending zero padding. */
    private record PaddedConverter(Body body) implements LayerConverter {
        @Override
        public Value convert(ConversionContext ctx, KerasLayer layer, List<Value> inputs) {
            if (inputs.size() != 1) {
                throw ctx.error(layer, "expected one input, got " + inputs.size());
            }
            Value in = inputs.get(0);
            if (!in.image()) {
                throw ctx.error(layer, "expected a [H, W, C] input, got rank " + in.shape().length);
            }
            return body.convert(ctx, layer, in);
        }

        @Override
        public boolean absorbsPadding() {
            return true;
        }
    }
}
