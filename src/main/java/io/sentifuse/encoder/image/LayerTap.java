package io.sentifuse.encoder.image;

import io.sentifuse.encoder.onnxbuild.Attrs;
import io.sentifuse.encoder.onnxbuild.OnnxBuilder;
import io.sentifuse.errors.UserInputException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.ValueInfoProto;

/**
 * {@code image.layer}: a CNN cut after an earlier layer. Only the nodes that compute the named value stay; a global
 * average pooling and a Flatten are added after it, so {@link FeatureLocator} finds that value as the spatial map
 * and its average as the pooled vector, and translation, verification against ONNX Runtime and the feature stores
 * work as for the whole model (and cost less: the later blocks are not run).
 */
public final class LayerTap {

    /** Bumped whenever the cut changes for the same model and layer (graph-cache keys include it). */
    public static final int VERSION = 1;
    /** The added pooling node's name and output. */
    static final String POOL = "sentifuse/layer_pool";
    /** The added Flatten node's name and output: the pooled vector. */
    static final String POOLED = "sentifuse/layer_pooled";

    private LayerTap() {
    }

    /**
     * {@code model} computing only {@code layer} and its pooled average.
     *
     * @throws UserInputException naming {@code source} and listing values near the name when no node outputs it
     */
    public static ModelProto cut(ModelProto model, String layer, String source) {
        GraphProto g = model.getGraph();
        Map<String, NodeProto> producer = new HashMap<>();
        for (NodeProto n : g.getNodeList()) {
            for (String out : n.getOutputList()) {
                producer.put(out, n);
            }
        }
        if (!producer.containsKey(layer)) {
            String stem = layer.replaceAll("_[^_]*$", "");
            List<String> near = producer.keySet().stream().filter(v -> !v.contains("/") && v.startsWith(stem))
                    .sorted().limit(12).toList();
            throw new UserInputException("image.layer: no node of " + source + " outputs '" + layer + "'"
                    + (near.isEmpty() ? "" : "; values starting like it: " + near)
                    + " (nsfwjs models name values after their Keras layers, e.g. block_16_project_BN, out_relu)");
        }
        Set<NodeProto> needed = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(layer));
        while (!todo.isEmpty()) {
            NodeProto n = producer.get(todo.pop());
            if (n != null && needed.add(n)) {
                todo.addAll(n.getInputList());
            }
        }
        Set<String> used = new HashSet<>();
        GraphProto.Builder cut = g.toBuilder().clearNode().clearOutput().clearInitializer().clearValueInfo();
        // graph order is topological: keeping it keeps the cut one valid
        List<NodeProto> kept = new ArrayList<>();
        for (NodeProto n : g.getNodeList()) {
            if (needed.contains(n)) {
                kept.add(n);
                used.addAll(n.getInputList());
            }
        }
        cut.addAllNode(kept);
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            initializers.add(t.getName());
            if (used.contains(t.getName())) {
                cut.addInitializer(t);
            }
        }
        // exports that list weights among the graph inputs (keep_initializers_as_inputs) keep only the cut's
        cut.clearInput();
        for (ValueInfoProto in : g.getInputList()) {
            if (!initializers.contains(in.getName()) || used.contains(in.getName())) {
                cut.addInput(in);
            }
        }
        cut.addNode(NodeProto.newBuilder().setOpType("GlobalAveragePool").setName(POOL).addInput(layer)
                .addOutput(POOL));
        cut.addNode(NodeProto.newBuilder().setOpType("Flatten").setName(POOLED).addInput(POOL).addOutput(POOLED)
                .addAttribute(Attrs.i("axis", 1)));
        cut.addOutput(OnnxBuilder.valueInfoNoShape(POOLED, TensorProto.DataType.FLOAT_VALUE));
        return model.toBuilder().setGraph(cut).build();
    }
}
