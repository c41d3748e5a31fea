package io.sentifuse.encoder;

import io.sentifuse.encoder.onnxbuild.OnnxBuilder;
import io.sentifuse.errors.UserInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;

/**
 * {@code text.layers}: token states taken as the element-wise mean of several transformer layers' outputs instead
 * of the last layer's alone (the "last four layers" features of feature-based BERT use). The ONNX model gets nodes
 * that average the chosen layers into one new output, {@link #STATES}, which replaces the model's outputs; pooling,
 * verification against ONNX Runtime, feature stores and fine-tuning then work as for the whole model. Token states
 * keep their width, so every fusion head reads them unchanged.
 *
 * <p>A layer's output is found by the names exporters give a BERT's nodes (Hugging Face's torch and optimum exports:
 * {@code /encoder/layer.N/output/LayerNorm/...}): the last such node of layer N in graph order. The last layer found
 * must produce the model's own token states, or the rule did not find the layers and the model is refused.
 */
public final class TextLayers {

    /** Bumped whenever the rewrite changes for the same model and layers (it is part of the derived model's key). */
    public static final int VERSION = 1;
    /** The added output: the mean of the chosen layers' outputs, [batch, tokens, hidden]. */
    public static final String STATES = "sentifuse/text_states";
    /** The default: the last layer alone, the model as exported. */
    public static final List<Integer> LAST = List.of(-1);

    private static final Pattern LAYER_OUTPUT = Pattern.compile("^/encoder/layer\\.(\\d+)/output/LayerNorm/.*");
    private static final String SUM = "sentifuse/text_layers_sum_";
    private static final String COUNT = "sentifuse/text_layers_count";

    private TextLayers() {
    }

    /** Whether {@code layers} is [-1]: the last layer alone, the model as exported. */
    public static boolean isLastOnly(List<Integer> layers) {
        return layers.equals(LAST);
    }

    /**
     * Checks the setting's form (non-empty, no 0, no repeats) without the model; {@code key} names it in errors.
     */
    public static void check(List<Integer> layers, String key) {
        if (layers.isEmpty()) {
            throw new UserInputException(key + ": empty; expected at least one layer number (-1: the last layer)");
        }
        Set<Integer> seen = new LinkedHashSet<>();
        for (Integer l : layers) {
            if (l == null || l == 0) {
                throw new UserInputException(key + ": " + l + " is not a layer number; expected 1..N from the first"
                        + " layer or -1..-N from the last");
            }
            if (!seen.add(l)) {
                throw new UserInputException(key + ": layer " + l + " is listed twice");
            }
        }
    }

    /** A short, stable form of the setting for names and keys: "-1,-2,-3,-4". */
    public static String label(List<Integer> layers) {
        return layers.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /**
     * {@code model} whose only output is {@link #STATES}, the mean of {@code layers}' outputs.
     *
     * @param stateOutput the model's own token-state output (the last layer's)
     * @throws UserInputException naming {@code source} when the layers cannot be found or a number is out of range
     */
    public static ModelProto average(ModelProto model, List<Integer> layers, String stateOutput, String source) {
        check(layers, "text.layers");
        List<String> outputs = layerOutputs(model.getGraph(), source);
        int count = outputs.size();
        if (!outputs.get(count - 1).equals(stateOutput)) {
            throw new UserInputException("text.layers: the last layer of " + source + " found by node names ("
                    + outputs.get(count - 1) + ") is not its token-state output '" + stateOutput + "'; cannot tell"
                    + " its layers apart");
        }
        List<String> chosen = new ArrayList<>();
        for (int l : layers) {
            if (l > count || l < -count) {
                throw new UserInputException("text.layers: layer " + l + " is out of range; " + source + " has "
                        + count + " layers (1.." + count + " or -1..-" + count + ")");
            }
            String output = outputs.get(l > 0 ? l - 1 : count + l);
            if (chosen.contains(output)) {
                throw new UserInputException("text.layers: " + layers + " names layer " + (l > 0 ? l : count + l + 1)
                        + " of " + source + " twice");
            }
            chosen.add(output);
        }
        GraphProto.Builder g = model.getGraph().toBuilder().clearOutput();
        if (chosen.size() == 1) {
            g.addNode(NodeProto.newBuilder().setOpType("Identity").setName(STATES).addInput(chosen.get(0))
                    .addOutput(STATES));
        } else {
            String sum = chosen.get(0);
            for (int i = 1; i < chosen.size(); i++) {
                String next = SUM + i;
                g.addNode(NodeProto.newBuilder().setOpType("Add").setName(next).addInput(sum).addInput(chosen.get(i))
                        .addOutput(next));
                sum = next;
            }
            g.addInitializer(TensorProto.newBuilder().setName(COUNT).setDataType(TensorProto.DataType.FLOAT_VALUE)
                    .addFloatData(chosen.size()));
            g.addNode(NodeProto.newBuilder().setOpType("Div").setName(STATES).addInput(sum).addInput(COUNT)
                    .addOutput(STATES));
        }
        g.addOutput(OnnxBuilder.valueInfoNoShape(STATES, TensorProto.DataType.FLOAT_VALUE));
        return model.toBuilder().setGraph(g).build();
    }

    /** Each layer's output value, first layer first. */
    static List<String> layerOutputs(GraphProto graph, String source) {
        TreeMap<Integer, String> last = new TreeMap<>();
        for (NodeProto n : graph.getNodeList()) {
            Matcher m = LAYER_OUTPUT.matcher(n.getName());
            // the layer's last LayerNorm step: its final Add, or a LayerNormalization op (opset 17 exports)
            if (m.matches() && n.getOutputCount() == 1
                    && (n.getOpType().equals("Add") || n.getOpType().equals("LayerNormalization"))) {
                last.put(Integer.parseInt(m.group(1)), n.getOutput(0));
            }
        }
        if (last.isEmpty()) {
            throw new UserInputException("text.layers: " + source + " has no nodes named /encoder/layer.N/output/"
                    + "LayerNorm/... (as Hugging Face exports name a BERT's); only -1, the model's own output, works"
                    + " for it");
        }
        List<String> outputs = new ArrayList<>(last.values());
        if (last.firstKey() != 0 || last.lastKey() != last.size() - 1) {
            throw new UserInputException("text.layers: " + source + " names layers " + last.keySet()
                    + "; expected 0.." + (last.size() - 1) + " without gaps");
        }
        return outputs;
    }
}
