package io.sentifuse.encoder.tfjs;

import io.sentifuse.encoder.onnxbuild.Attrs;
import java.util.ArrayList;
import java.util.List;

/** Dense, Flatten, Reshape, the inference no-ops (Dropout and friends), Rescaling. */
final class CoreLayers {

    private CoreLayers() {
    }

    /** Layers that do nothing at inference: the output is the input. */
    static final LayerConverter IDENTITY = (ctx, layer, inputs) -> inputs.get(0);

    /** Dense on a [N, F] input: Gemm with the [F, U] kernel as stored (no transpose), then the activation. */
    static final LayerConverter DENSE = (ctx, layer, inputs) -> {
        Value in = inputs.get(0);
        if (in.image()) {
            throw ctx.error(layer, "Dense on a [H, W, C] input is not supported (add a Flatten before it)");
        }
        TfjsWeights.Weight k = ctx.weight(layer, "kernel");
        int units = k.shape()[1];
        String activation = layer.text("activation", "linear");
        String pre = Activations.preName(layer, activation, "Gemm");
        List<String> args = new ArrayList<>(List.of(in.name(), ctx.initializer(layer, "kernel", k.values(),
                k.shape()[0], units)));
        if (layer.flag("use_bias", true)) {
            args.add(ctx.initializer(layer, "bias", ctx.weight(layer, "bias").values(), units));
        }
        if (in.shape().length == 1) {
            ctx.node("Gemm", layer, "Gemm", args, pre, Attrs.f("alpha", 1f), Attrs.f("beta", 1f), Attrs.i("transB", 0));
        } else {
            // Keras applies Dense to the last axis of higher-rank inputs.
            String mm = args.size() == 2 ? pre : layer.name() + "/MatMul";
            ctx.node("MatMul", layer, "MatMul", args.subList(0, 2), mm);
            if (args.size() == 3) {
                ctx.node("Add", layer, "Add", List.of(mm, args.get(2)), pre);
            }
        }
        int[] shape = in.shape().clone();
        shape[shape.length - 1] = units;
        return Activations.apply(ctx, layer, activation, new Value(pre, shape));
    };

    /** Flatten in Keras's (channels-last) element order: NCHW maps are transposed to NHWC first unless 1x1. */
    static final LayerConverter FLATTEN = (ctx, layer, inputs) -> {
        Value in = ctx.materialize(inputs.get(0));
        int n = 1;
        for (int d : in.shape()) {
            n *= d;
        }
        if (in.shape().length == 1) {
            return in;
        }
        String src = in.name();
        if (in.image() && (in.height() > 1 || in.width() > 1)) {
            src = ctx.node("Transpose", layer, "Transpose", List.of(src), layer.name() + "/Transpose",
                    Attrs.ints("perm", 0, 2, 3, 1));
        }
        ctx.node("Flatten", layer, "Flatten", List.of(src), layer.name(), Attrs.i("axis", 1));
        return new Value(layer.name(), n);
    };

    /** Reshape to Keras's target shape (channels-last order), back to NCHW when the result is [H, W, C]. */
    static final LayerConverter RESHAPE = (ctx, layer, inputs) -> {
        Value in = ctx.materialize(inputs.get(0));
        var target = layer.config().path("target_shape");
        int total = 1;
        for (int d : in.shape()) {
            total *= d;
        }
        int[] shape = new int[target.size()];
        int known = 1;
        int unknown = -1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = target.get(i).asInt();
            if (shape[i] == -1) {
                unknown = i;
            } else {
                known *= shape[i];
            }
        }
        if (unknown >= 0) {
            shape[unknown] = total / known;
        }
        String src = in.name();
        if (in.image()) {
            src = ctx.node("Transpose", layer, "Transpose", List.of(src), layer.name() + "/ToNHWC",
                    Attrs.ints("perm", 0, 2, 3, 1));
        }
        long[] dims = new long[shape.length + 1];
        dims[0] = -1;
        for (int i = 0; i < shape.length; i++) {
            dims[i + 1] = shape[i];
        }
        boolean toImage = shape.length == 3;
        String reshaped = ctx.node("Reshape", layer, "Reshape", List.of(src, ctx.longs("shape", dims)),
                toImage ? layer.name() + "/Reshape" : layer.name());
        if (toImage) {
            ctx.node("Transpose", layer, "Transpose", List.of(reshaped), layer.name(), Attrs.ints("perm", 0, 3, 1, 2));
        }
        return new Value(layer.name(), shape);
    };

    /** Keras 2.6+ preprocessing: {@code x * scale + offset}. */
    static final LayerConverter RESCALING = (ctx, layer, inputs) -> {
        Value in = ctx.materialize(inputs.get(0));
        float scale = (float) layer.config().path("scale").asDouble(1);
        float offset = (float) layer.config().path("offset").asDouble(0);
        String m = ctx.node("Mul", layer, "Mul", List.of(in.name(), ctx.scalar(scale)), layer.name() + "/Mul");
        ctx.node("Add", layer, "Add", List.of(m, ctx.scalar(offset)), layer.name());
        return new Value(layer.name(), in.shape());
    };
}
