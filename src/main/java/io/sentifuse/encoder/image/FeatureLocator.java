package io.sentifuse.encoder.image;

import io.sentifuse.encoder.onnx.proto.Attributes;
import io.sentifuse.encoder.onnx.proto.OnnxTensors;
import io.sentifuse.encoder.onnxbuild.Attrs;
import io.sentifuse.encoder.onnxbuild.OnnxBuilder;
import io.sentifuse.errors.UserInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;

/**
 * Finds the features of any CNN ONNX graph by its structure and exposes them as extra graph outputs, so that ONNX
 * Runtime and the SameDiff translation both return them. A torchvision export only outputs logits; the pooled
 * vector is the flattened output of the last global average pooling and the spatial map is that pooling's input.
 * Global pooling is recognised as {@code GlobalAveragePool} or {@code ReduceMean} over axes {2, 3}.
 */
public final class FeatureLocator {

    /** Bumped whenever the rewrite changes for the same model (graph-cache keys include it). */
    public static final int VERSION = 1;

    /** Name of the Flatten node (and its output) added when the graph has none after the final pooling. */
    public static final String ADDED_FLATTEN = "sentifuse/pooled_flatten";

    private FeatureLocator() {
    }

    /** Locates the features of {@code model}; {@code source} names the model in errors. */
    public static FeatureTaps locate(ModelProto model, String source) {
        GraphProto g = model.getGraph();
        Map<String, List<NodeProto>> consumers = new HashMap<>();
        for (NodeProto n : g.getNodeList()) {
            for (String in : n.getInputList()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        NodeProto pool = null;
        NodeProto lastPool = null;
        for (NodeProto n : g.getNodeList()) {
            if (isGlobalPool(n, g)) {
                lastPool = n;
                // Squeeze-and-excitation blocks pool too, but feed a 1x1 Conv; the final pooling feeds the head.
                if (!feedsOnlyConv(n, consumers)) {
                    pool = n;
                }
            }
        }
        if (pool == null) {
            pool = lastPool;
        }
        if (pool == null) {
            throw new UserInputException(source + ": no global average pooling found (a GlobalAveragePool node, or "
                    + "ReduceMean over axes 2 and 3); the image encoder needs a CNN whose last feature map [N, C, H, W] "
                    + "is averaged to the feature vector. Node types in the graph: " + opTypes(g));
        }
        String spatial = pool.getInput(0);
        String pooledRaw = pool.getOutput(0);
        boolean keepdims = !pool.getOpType().equals("ReduceMean") || Attributes.of(pool).i("keepdims", 1) == 1;
        if (!keepdims) {
            return new FeatureTaps(spatial, pooledRaw, nodeLabel(pool), false);
        }
        for (NodeProto c : consumers.getOrDefault(pooledRaw, List.of())) {
            if (c.getOpType().equals("Flatten") && Attributes.of(c).i("axis", 1) == 1) {
                return new FeatureTaps(spatial, c.getOutput(0), nodeLabel(pool), false);
            }
        }
        for (NodeProto c : consumers.getOrDefault(pooledRaw, List.of())) {
            if (c.getOpType().equals("Reshape") || c.getOpType().equals("Squeeze")) {
                // Shape checked later on ONNX Runtime: it must be [N, C].
                return new FeatureTaps(spatial, c.getOutput(0), nodeLabel(pool), false);
            }
        }
        return new FeatureTaps(spatial, ADDED_FLATTEN, nodeLabel(pool), true);
    }

    /**
     * {@code model} with the spatial map and pooled vector as extra graph outputs (after its own outputs), adding
     * a Flatten node where {@code taps.addedFlatten()}.
     */
    public static ModelProto expose(ModelProto model, FeatureTaps taps) {
        GraphProto.Builder g = model.getGraph().toBuilder();
        if (taps.addedFlatten()) {
            String pooledRaw = poolOutput(model.getGraph(), taps);
            g.addNode(NodeProto.newBuilder().setOpType("Flatten").setName(ADDED_FLATTEN).addInput(pooledRaw)
                    .addOutput(ADDED_FLATTEN).addAttribute(Attrs.i("axis", 1)));
        }
        Set<String> outputs = new HashSet<>();
        g.getOutputList().forEach(o -> outputs.add(o.getName()));
        for (String name : List.of(taps.pooled(), taps.spatial())) {
            if (!outputs.contains(name)) {
                g.addOutput(OnnxBuilder.valueInfoNoShape(name, TensorProto.DataType.FLOAT_VALUE));
            }
        }
        return model.toBuilder().setGraph(g).build();
    }

    private static String poolOutput(GraphProto g, FeatureTaps taps) {
        for (NodeProto n : g.getNodeList()) {
            if (n.getInputCount() > 0 && n.getInput(0).equals(taps.spatial()) && isGlobalPool(n, g)) {
                return n.getOutput(0);
            }
        }
        throw new IllegalStateException("pooling node of '" + taps.spatial() + "' vanished");
    }

    private static boolean isGlobalPool(NodeProto n, GraphProto g) {
        if (n.getOpType().equals("GlobalAveragePool")) {
            return true;
        }
        if (!n.getOpType().equals("ReduceMean")) {
            return false;
        }
        long[] axes = Attributes.of(n).ints("axes");
        if (axes == null && n.getInputCount() > 1) {
            // Opset 18 moved axes to an input.
            for (TensorProto t : g.getInitializerList()) {
                if (t.getName().equals(n.getInput(1)) && t.getDataType() == TensorProto.DataType.INT64_VALUE) {
                    axes = OnnxTensors.toArray(t, g.getName()).toLongVector();
                }
            }
        }
        if (axes == null || axes.length != 2) {
            return false;
        }
        Set<Long> set = Set.of(axes[0], axes[1]);
        return set.equals(Set.of(2L, 3L)) || set.equals(Set.of(-1L, -2L));
    }

    private static boolean feedsOnlyConv(NodeProto pool, Map<String, List<NodeProto>> consumers) {
        List<NodeProto> cs = consumers.getOrDefault(pool.getOutput(0), List.of());
        return !cs.isEmpty() && cs.stream().allMatch(c -> c.getOpType().equals("Conv"));
    }

    private static String nodeLabel(NodeProto n) {
        return (n.getName().isEmpty() ? "(unnamed)" : n.getName()) + " (" + n.getOpType() + ")";
    }

    private static String opTypes(GraphProto g) {
        return String.join(", ", g.getNodeList().stream().map(NodeProto::getOpType).distinct().sorted().toList());
    }
}
