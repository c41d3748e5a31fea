package io.sentifuse.encoder.onnx.ops;

import io.sentifuse.encoder.onnx.proto.Attributes;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;

/**
 * Folds an inference-mode BatchNormalization into the Conv that feeds it, as ONNX Runtime does for inference:
 * {@code BN(conv(x, W) + b) = conv(x, W * s) + (b - mean) * s + beta} with {@code s = scale / sqrt(var + eps)}.
 * The pair becomes one Conv node that carries the BatchNormalization's four inputs after its own three and its
 * epsilon in {@link #EPSILON}; the Conv mapping computes the folded weight and bias from them in the graph, so
 * that the original weight, scale and bias stay the trainable variables (gradients reach them exactly as
 * through the unfused pair) while the per-activation BatchNormalization pass disappears. Only when the Conv's
 * output has no other consumer and is not a graph output, and the BatchNormalization does not return running
 * statistics (training mode).
 */
public final class ConvBnFusion {

    /** Attribute of a fused Conv node: the folded BatchNormalization's epsilon (no ONNX Conv has it). */
    public static final String EPSILON = "sentifuse.folded_batchnorm_epsilon";

    private ConvBnFusion() {
    }

    /** The nodes with each foldable Conv -> BatchNormalization pair replaced by one fused Conv node. */
    public static List<Onnx.NodeProto> apply(Onnx.GraphProto graph, List<Onnx.NodeProto> nodes, int opset) {
        Map<String, Integer> uses = new HashMap<>();
        Map<String, Onnx.NodeProto> producer = new HashMap<>();
        for (Onnx.NodeProto n : nodes) {
            n.getInputList().forEach(i -> uses.merge(i, 1, Integer::sum));
            n.getOutputList().forEach(o -> producer.put(o, n));
        }
        graph.getOutputList().forEach(o -> uses.merge(o.getName(), 1, Integer::sum));
        Map<Onnx.NodeProto, Onnx.NodeProto> fused = new HashMap<>();
        Set<Onnx.NodeProto> dropped = new HashSet<>();
        for (Onnx.NodeProto bn : nodes) {
            if (!is(bn, "BatchNormalization") || bn.getInputCount() != 5 || !inference(bn, opset)) {
                continue;
            }
            Onnx.NodeProto conv = producer.get(bn.getInput(0));
            if (!is(conv, "Conv") || uses.getOrDefault(bn.getInput(0), 0) != 1 || conv.getOutputCount() != 1
                    || new Attributes(conv.getAttributeList()).has(EPSILON) || fused.containsKey(conv)) {
                continue;
            }
            float eps = new Attributes(bn.getAttributeList()).f("epsilon", 1e-5f);
            Onnx.NodeProto.Builder b = conv.toBuilder().clearInput().clearOutput()
                    .addInput(conv.getInput(0)).addInput(conv.getInput(1))
                    .addInput(conv.getInputCount() > 2 ? conv.getInput(2) : "")
                    .addAllInput(bn.getInputList().subList(1, 5))
                    .addOutput(bn.getOutput(0))
                    .addAttribute(Onnx.AttributeProto.newBuilder().setName(EPSILON)
                            .setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(eps));
            fused.put(conv, b.build());
            dropped.add(bn);
        }
        List<Onnx.NodeProto> out = new ArrayList<>(nodes.size() - dropped.size());
        for (Onnx.NodeProto n : nodes) {
            if (!dropped.contains(n)) {
                out.add(fused.getOrDefault(n, n));
            }
        }
        return out;
    }

    /** Uses running statistics and returns only Y (no training_mode, no running-statistics outputs). */
    private static boolean inference(Onnx.NodeProto bn, int opset) {
        Attributes a = new Attributes(bn.getAttributeList());
        boolean training = opset >= 14 && a.i("training_mode", 0) != 0;
        boolean moreOutputs = bn.getOutputList().stream().skip(1).anyMatch(o -> !o.isEmpty());
        boolean perActivation = opset < 9 && a.i("spatial", 1) == 0;
        return !training && !moreOutputs && !perActivation;
    }

    private static boolean is(Onnx.NodeProto n, String op) {
        return n != null && n.getOpType().equals(op) && OnnxModel.normalise(n.getDomain()).isEmpty();
    }
}
