package io.sentifuse.encoder.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.encoder.onnxbuild.OnnxBuilder;
import io.sentifuse.errors.UserInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;

/**
 * Converts a TF.js layers model to an ONNX opset-13 model. The image input becomes {@code input}, float
 * {@code [N, 3, H, W]} (NCHW: transpose your NHWC data); every other value keeps its Keras layer's name, so
 * that {@code out_relu} (MobileNetV2's last feature map) and {@code flatten_1} (its pooled vector) can be
 * found and exposed by name. The graph outputs are the Keras model's outputs, named after their layers.
 * Only operators of the project's ONNX -> SameDiff translator are emitted (Conv, BatchNormalization, Relu,
 * Clip, Add, Mul, Sub, Concat, MaxPool, AveragePool, GlobalAveragePool, Flatten, Gemm, MatMul, Softmax,
 * Sigmoid, Tanh, Reshape, Transpose, Identity), plus Max/Min for Keras Maximum/Minimum layers.
 */
public final class TfjsToOnnx {

    /** The ONNX name of the image input. */
    public static final String INPUT = "input";
    public static final String BATCH = "batch";
    public static final long OPSET = 13;
    /** Bumped whenever the emitted graph changes for the same model (cache keys include it). */
    public static final String CONVERTER_VERSION = "1";

    private TfjsToOnnx() {
    }

    /** Converts {@code artifacts}; {@code inputSize} (> 0) fixes H = W where the model leaves them open. */
    public static ModelProto convert(TfjsArtifacts artifacts, int inputSize) {
        String source = artifacts.source();
        if (artifacts.graphModel()) {
            throw new UserInputException(source + ": a TF.js graph model, not a layers model (convert it with "
                    + "TfjsGraphToOnnx)");
        }
        KerasTopology topology = KerasTopology.parse(source, artifacts.topology());
        if (topology.inputs().size() != 1) {
            throw new UserInputException(source + ": models with " + topology.inputs().size()
                    + " inputs are not supported (expected one image input)");
        }
        Map<String, TfjsWeights.Weight> weights = TfjsWeights.decode(artifacts);
        OnnxBuilder b = new OnnxBuilder(graphName(artifacts.topology()));
        ConversionContext ctx = new ConversionContext(source, b, weights);
        Map<String, List<KerasLayer>> consumers = new HashMap<>();
        for (KerasLayer l : topology.layers()) {
            for (String in : l.inputs()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(l);
            }
        }
        Map<String, Value> values = new HashMap<>();
        for (KerasLayer layer : topology.layers()) {
            Value out;
            if (layer.className().equals("InputLayer")) {
                out = input(source, b, layer, inputSize);
            } else {
                LayerConverter converter = LayerConverters.of(layer.className());
                if (converter == null) {
                    throw new UserInputException(source + ": " + layer.label() + " is not supported by the TF.js "
                            + "converter (supported: " + LayerConverters.supported() + ")");
                }
                List<Value> inputs = new ArrayList<>();
                for (String in : layer.inputs()) {
                    Value v = values.get(in);
                    inputs.add(converter.absorbsPadding() || isPadding(layer) ? v : ctx.materialize(v));
                }
                out = converter.convert(ctx, layer, inputs);
            }
            values.put(layer.name(), out);
        }
        List<String> unused = ctx.unusedWeights();
        if (!unused.isEmpty()) {
            throw new UserInputException(source + ": " + unused.size() + " weights are not used by any converted "
                    + "layer (the conversion would be incomplete): " + unused.subList(0, Math.min(10, unused.size())));
        }
        for (String name : topology.outputs()) {
            Value v = ctx.materialize(values.get(name));
            if (!v.name().equals(name)) {
                // A pass-through output layer (e.g. a final Dropout): give the graph output its layer's name.
                b.node("Identity", name + "/Identity", List.of(v.name()), name);
            }
            b.output(name, v.onnxDims(BATCH));
        }
        return b.build(OPSET, "sentifuse-tfjs-to-onnx", CONVERTER_VERSION);
    }

    private static boolean isPadding(KerasLayer layer) {
        return layer.className().equals("ZeroPadding2D");
    }

    private static Value input(String source, OnnxBuilder b, KerasLayer layer, int inputSize) {
        JsonNode shape = layer.config().path("batch_input_shape");
        if (shape.size() != 4) {
            throw new UserInputException(source + ": " + layer.label() + ": expected an image input [batch, H, W, C], "
                    + "got batch_input_shape " + shape);
        }
        int h = shape.get(1).isNull() ? inputSize : shape.get(1).asInt();
        int w = shape.get(2).isNull() ? inputSize : shape.get(2).asInt();
        int c = shape.get(3).asInt();
        if (h <= 0 || w <= 0) {
            throw new UserInputException(source + ": " + layer.label() + " leaves the image size open "
                    + shape + "; give the input size explicitly");
        }
        if (inputSize > 0 && (h != inputSize || w != inputSize)) {
            throw new UserInputException(source + ": " + layer.label() + " takes " + h + "x" + w
                    + " images, not " + inputSize + "x" + inputSize);
        }
        b.input(INPUT, TensorProto.DataType.FLOAT_VALUE, BATCH, (long) c, (long) h, (long) w);
        return new Value(INPUT, h, w, c);
    }

    private static String graphName(JsonNode topology) {
        String name = topology.path("model_config").path("config").path("name").asText("");
        return name.isEmpty() ? "tfjs_model" : name;
    }
}
