package io.sentifuse.encoder.tfjs;

import io.sentifuse.encoder.onnxbuild.Attrs;
import java.util.List;

/**
 * MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D. TF's {@code same} pooling ignores
 * the padded positions: ONNX MaxPool pads with -inf and AveragePool runs with {@code count_include_pad=0}, which
 * is the same. An average pooling whose window covers the whole unpadded map is emitted as GlobalAveragePool, so
 * the image-encoder feature locator finds the final pooling the same way as in a torchvision export.
 */
final class PoolingLayers {

    private PoolingLayers() {
    }

    static final LayerConverter MAX = (ctx, layer, inputs) -> window(ctx, layer, inputs.get(0), "MaxPool");

    static final LayerConverter AVERAGE = (ctx, layer, inputs) -> window(ctx, layer, inputs.get(0), "AveragePool");

    static final LayerConverter GLOBAL_AVERAGE = (ctx, layer, inputs) -> {
        Value in = image(ctx, layer, inputs.get(0));
        boolean keep = layer.flag("keepdims", false);
        String pooled = ctx.node("GlobalAveragePool", layer, "GlobalAveragePool", List.of(in.name()),
                keep ? layer.name() : layer.name() + "/GlobalAveragePool");
        return keep ? new Value(pooled, 1, 1, in.channels()) : flatten(ctx, layer, pooled, in.channels());
    };

    static final LayerConverter GLOBAL_MAX = (ctx, layer, inputs) -> {
        Value in = image(ctx, layer, inputs.get(0));
        boolean keep = layer.flag("keepdims", false);
        // A MaxPool over the whole map (GlobalMaxPool is not among the translator's operators).
        String pooled = ctx.node("MaxPool", layer, "MaxPool", List.of(in.name()),
                keep ? layer.name() : layer.name() + "/MaxPool", Attrs.ints("kernel_shape", in.height(), in.width()),
                Attrs.ints("pads", 0, 0, 0, 0), Attrs.ints("strides", 1, 1));
        return keep ? new Value(pooled, 1, 1, in.channels()) : flatten(ctx, layer, pooled, in.channels());
    };

    private static Value flatten(ConversionContext ctx, KerasLayer layer, String pooled, int channels) {
        ctx.node("Flatten", layer, "Flatten", List.of(pooled), layer.name(), Attrs.i("axis", 1));
        return new Value(layer.name(), channels);
    }

    private static Value window(ConversionContext ctx, KerasLayer layer, Value raw, String op) {
        ConvLayers.checkChannelsLast(ctx, layer);
        Value in = image(ctx, layer, raw);
        int[] k = layer.pair("pool_size", 2);
        int[] s = layer.config().path("strides").isNull() || layer.config().path("strides").isMissingNode()
                ? k : layer.pair("strides", 1);
        String padding = layer.text("padding", "valid");
        int[] ph = padding.equals("same") ? Geometry.samePads(in.height(), k[0], s[0], 1) : new int[2];
        int[] pw = padding.equals("same") ? Geometry.samePads(in.width(), k[1], s[1], 1) : new int[2];
        if (!padding.equals("same") && !padding.equals("valid")) {
            throw ctx.error(layer, "padding '" + padding + "' is not supported (expected same or valid)");
        }
        int oh = Geometry.outSize(in.height() + ph[0] + ph[1], k[0], s[0], 1);
        int ow = Geometry.outSize(in.width() + pw[0] + pw[1], k[1], s[1], 1);
        boolean unpadded = ph[0] + ph[1] + pw[0] + pw[1] == 0;
        if (op.equals("AveragePool") && unpadded && k[0] == in.height() && k[1] == in.width()) {
            ctx.node("GlobalAveragePool", layer, "GlobalAveragePool", List.of(in.name()), layer.name());
            return new Value(layer.name(), 1, 1, in.channels());
        }
        var attrs = new java.util.ArrayList<>(List.of(Attrs.ints("kernel_shape", k[0], k[1]),
                Attrs.ints("pads", ph[0], pw[0], ph[1], pw[1]), Attrs.ints("strides", s[0], s[1])));
        if (op.equals("AveragePool")) {
            attrs.add(Attrs.i("count_include_pad", 0));
        }
        ctx.node(op, layer, op, List.of(in.name()), layer.name(), attrs.toArray(new onnx.Onnx.AttributeProto[0]));
        return new Value(layer.name(), oh, ow, in.channels());
    }

    private static Value image(ConversionContext ctx, KerasLayer layer, Value in) {
        if (!in.image()) {
            throw ctx.error(layer, "expected a [H, W, C] input, got rank " + in.shape().length);
        }
        return ctx.materialize(in);
    }
}
