package io.sentifuse.encoder.tfjs;

import io.sentifuse.encoder.onnxbuild.Attrs;
import java.util.List;

/** Activation, ReLU (with max_value: Clip) and Softmax layers. */
final class ActivationLayers {

    private ActivationLayers() {
    }

    static final LayerConverter ACTIVATION = (ctx, layer, inputs) -> {
        Value in = ctx.materialize(inputs.get(0));
        String activation = layer.text("activation", "linear");
        if (Activations.isLinear(activation)) {
            return in;
        }
        return Activations.apply(ctx, layer, activation, in);
    };

    static final LayerConverter RELU = (ctx, layer, inputs) -> {
        Value in = ctx.materialize(inputs.get(0));
        double slope = layer.config().path("negative_slope").asDouble(0);
        double threshold = layer.config().path("threshold").asDouble(0);
        if (slope != 0 || threshold != 0) {
            throw ctx.error(layer, "negative_slope " + slope + " / threshold " + threshold
                    + " are not supported (only the plain or capped ReLU)");
        }
        var max = layer.config().path("max_value");
        if (max.isNumber()) {
            ctx.node("Clip", layer, "Clip", List.of(in.name(), ctx.scalar(0f), ctx.scalar((float) max.asDouble())),
                    layer.name());
        } else {
            ctx.node("Relu", layer, "Relu", List.of(in.name()), layer.name());
        }
        return new Value(layer.name(), in.shape());
    };

    static final LayerConverter SOFTMAX = (ctx, layer, inputs) -> {
        Value in = ctx.materialize(inputs.get(0));
        int axis = layer.config().path("axis").asInt(-1);
        ctx.node("Softmax", layer, "Softmax", List.of(in.name()), layer.name(), Attrs.i("axis", in.onnxAxis(axis)));
        return new Value(layer.name(), in.shape());
    };
}
