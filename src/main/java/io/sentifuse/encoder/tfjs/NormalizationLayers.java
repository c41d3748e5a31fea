package io.sentifuse.encoder.tfjs;

import io.sentifuse.encoder.onnxbuild.Attrs;
import java.util.Arrays;
import java.util.List;

/**
 * BatchNormalization at inference: ONNX BatchNormalization (kept as a node rather than folded, so that its
 * numbers stay exactly TF's: {@code gamma * (x - mean) / sqrt(var + eps) + beta}). Missing gamma
 * ({@code scale: false}) is 1 and missing beta ({@code center: false}) is 0.
 */
final class NormalizationLayers {

    private NormalizationLayers() {
    }

    static final LayerConverter BATCH_NORM = (ctx, layer, inputs) -> {
        Value in = ctx.materialize(inputs.get(0));
        int axis = layer.config().path("axis").asInt(-1);
        if (axis != -1 && axis != in.shape().length) {
            throw ctx.error(layer, "normalisation over axis " + axis + " is not supported (only the channel axis)");
        }
        int c = in.channels();
        float[] gamma = layer.flag("scale", true) ? ctx.weight(layer, "gamma").values() : filled(c, 1f);
        float[] beta = layer.flag("center", true) ? ctx.weight(layer, "beta").values() : filled(c, 0f);
        float[] mean = ctx.weight(layer, "moving_mean").values();
        float[] var = ctx.weight(layer, "moving_variance").values();
        float eps = (float) layer.config().path("epsilon").asDouble(1e-3);
        ctx.node("BatchNormalization", layer, "BatchNormalization", List.of(in.name(),
                ctx.initializer(layer, "gamma", gamma, c), ctx.initializer(layer, "beta", beta, c),
                ctx.initializer(layer, "moving_mean", mean, c), ctx.initializer(layer, "moving_variance", var, c)),
                layer.name(), Attrs.f("epsilon", eps));
        return new Value(layer.name(), in.shape());
    };

    private static float[] filled(int n, float v) {
        float[] out = new float[n];
        Arrays.fill(out, v);
        return out;
    }
}
