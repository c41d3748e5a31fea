package io.sentifuse.encoder.tfjs;

import io.sentifuse.encoder.onnxbuild.Attrs;
import io.sentifuse.encoder.onnxbuild.OnnxBuilder;
import io.sentifuse.errors.UserInputException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.AttributeProto;

/** What layer converters share: the graph being built, the weights, constants, padding materialisation. */
final class ConversionContext {

    private final String source;
    private final OnnxBuilder builder;
    private final Map<String, TfjsWeights.Weight> weights;
    private final Set<String> used = new LinkedHashSet<>();
    private final Map<String, String> constants = new HashMap<>();
    private final Map<String, Value> padded = new HashMap<>();

    ConversionContext(String source, OnnxBuilder builder, Map<String, TfjsWeights.Weight> weights) {
        this.source = source;
        this.builder = builder;
        this.weights = weights;
    }

    String source() {
        return source;
    }

    OnnxBuilder builder() {
        return builder;
    }

    /** Emits a node named {@code <layer>/<suffix>}; returns {@code output}. */
    String node(String opType, KerasLayer layer, String suffix, List<String> inputs, String output,
            AttributeProto... attrs) {
        return builder.node(opType, layer.name() + "/" + suffix, inputs, output, attrs);
    }

    boolean hasWeight(KerasLayer layer, String key) {
        return weights.containsKey(layer.name() + "/" + key);
    }

    /** The weight {@code <layer>/<key>} in TF layout; it must exist and have {@code expected} elements if > 0. */
    TfjsWeights.Weight weight(KerasLayer layer, String key) {
        String name = layer.name() + "/" + key;
        TfjsWeights.Weight w = weights.get(name);
        if (w == null) {
            List<String> near = weights.keySet().stream().filter(k -> k.startsWith(layer.name() + "/")).toList();
            throw error(layer, "its weight '" + name + "' is not in the weight manifest (the manifest has "
                    + (near.isEmpty() ? "no weights for this layer" : near) + ")");
        }
        used.add(name);
        return w;
    }

    /** Adds a float initializer {@code <layer>/<key>} with ONNX dims. */
    String initializer(KerasLayer layer, String key, float[] values, long... dims) {
        return builder.floats(layer.name() + "/" + key, values, dims);
    }

    /** A shared scalar float constant. */
    String scalar(float v) {
        return constants.computeIfAbsent("f" + Float.floatToIntBits(v),
                k -> builder.floats("const/" + v, new float[] {v}));
    }

    /** A shared int64 vector constant (Reshape shapes, Pad amounts). */
    String longs(String purpose, long... values) {
        StringBuilder key = new StringBuilder(purpose);
        for (long v : values) {
            key.append('_').append(v);
        }
        return constants.computeIfAbsent(key.toString(),
                k -> builder.longs("const/" + k, values, values.length));
    }

    /**
     * {@code v} with any pending zero padding applied (once per value), as a per-channel identity 1x1 Conv with
     * pads rather than a Pad node: Pad is not among the translator's operators, and ONNX Runtime 1.20 fuses
     * Pad(0) into a following MaxPool as if MaxPool's -inf padding were zeros (wrong when a window's values are
     * all negative).
     */
    Value materialize(Value v) {
        if (v.pads() == null) {
            return v;
        }
        return padded.computeIfAbsent(v.name() + "/padded", name -> {
            int[] p = v.pads();
            int c = v.channels();
            float[] ones = new float[c];
            java.util.Arrays.fill(ones, 1f);
            String kernel = builder.floats(name + "/identity_kernel", ones, c, 1, 1, 1);
            builder.node("Conv", name, List.of(v.name(), kernel), name, Attrs.ints("dilations", 1, 1),
                    Attrs.i("group", c), Attrs.ints("kernel_shape", 1, 1), Attrs.ints("pads", p[0], p[1], p[2], p[3]),
                    Attrs.ints("strides", 1, 1));
            return new Value(name, v.shape(), null);
        });
    }

    /** Weights the layers never read: a layer the converter does not fully map (e.g. an ignored bias). */
    List<String> unusedWeights() {
        return weights.keySet().stream().filter(k -> !used.contains(k)).toList();
    }

    UserInputException error(KerasLayer layer, String what) {
        return new UserInputException(source + ": " + layer.label() + ": " + what);
    }
}
