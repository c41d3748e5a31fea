package io.sentifuse.encoder.tfjs;

import io.sentifuse.encoder.onnxbuild.Attrs;
import java.util.List;
import java.util.Set;

/** Keras activation functions (the {@code activation} of Conv2D/Dense/Activation layers) as ONNX nodes. */
final class Activations {

    static final Set<String> SUPPORTED = Set.of("linear", "relu", "relu6", "sigmoid", "tanh", "softmax", "swish",
            "silu", "hard_sigmoid");

    private Activations() {
    }

    /** The ONNX name the pre-activation result should get: the layer's own name when there is no activation. */
    static String preName(KerasLayer layer, String activation, String op) {
        return isLinear(activation) ? layer.name() : layer.name() + "/" + op;
    }

    static boolean isLinear(String activation) {
        return activation == null || activation.equals("linear");
    }

    /** Applies {@code activation} to {@code x}; the result is named after the layer. */
    static Value apply(ConversionContext ctx, KerasLayer layer, String activation, Value x) {
        if (isLinear(activation)) {
            return x;
        }
        String out = layer.name();
        List<String> in = List.of(x.name());
        switch (activation) {
            case "relu" -> ctx.node("Relu", layer, "Relu", in, out);
            case "relu6" -> ctx.node("Clip", layer, "Clip", List.of(x.name(), ctx.scalar(0f), ctx.scalar(6f)), out);
            case "sigmoid" -> ctx.node("Sigmoid", layer, "Sigmoid", in, out);
            case "tanh" -> ctx.node("Tanh", layer, "Tanh", in, out);
            case "softmax" -> ctx.node("Softmax", layer, "Softmax", in, out, Attrs.i("axis", x.onnxAxis(-1)));
            case "swish", "silu" -> {
                String s = ctx.node("Sigmoid", layer, "Sigmoid", in, layer.name() + "/Sigmoid");
                ctx.node("Mul", layer, "Mul", List.of(x.name(), s), out);
            }
            case "hard_sigmoid" -> {
                // Keras 2: clip(0.2 * x + 0.5, 0, 1).
                String m = ctx.node("Mul", layer, "Mul", List.of(x.name(), ctx.scalar(0.2f)), layer.name() + "/Mul");
                String a = ctx.node("Add", layer, "Add", List.of(m, ctx.scalar(0.5f)), layer.name() + "/Add");
                ctx.node("Clip", layer, "Clip", List.of(a, ctx.scalar(0f), ctx.scalar(1f)), out);
            }
            default -> throw ctx.error(layer, "activation '" + activation + "' is not supported (supported: "
                    + String.join(", ", SUPPORTED.stream().sorted().toList()) + ")");
        }
        return new Value(out, x.shape());
    }
}
