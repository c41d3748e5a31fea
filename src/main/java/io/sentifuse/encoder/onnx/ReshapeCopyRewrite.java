package io.sentifuse.encoder.onnx;

import io.sentifuse.encoder.onnx.proto.Attributes;
import io.sentifuse.encoder.onnx.proto.OnnxTensors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Recognises a Reshape whose target re-reads dimensions of the very tensor it reshapes, as torch.onnx.export writes
 * {@code x.view(x.size(0), x.size(1), heads, head_dim)}:
 * <pre>
 *   target = Concat(Unsqueeze(Gather(Shape(x), 0)), Unsqueeze(Gather(Shape(x), 1)), [12], [32])
 *   y = Reshape(x, target)
 * </pre>
 * and gives the Reshape a constant target instead, with ONNX's 0 ("copy this dimension of the input") where the
 * pattern read dimension i of x at position i: {@code [0, 0, 12, 32]}. Same values, same shapes; the translator
 * then reads the copied dimensions with one shape op and one slice per run of them, and the Shape / Gather /
 * Unsqueeze / Concat chain, left without consumers, adds no ops (shape arithmetic is only emitted when used). A BERT
 * has four such Reshapes per layer.
 */
final class ReshapeCopyRewrite {

    private final Map<String, Onnx.NodeProto> producer = new HashMap<>();
    private final Map<String, long[]> constants = new HashMap<>();
    /** Constants of rank 0 (a Gather with a scalar index drops the axis). */
    private final Map<String, Boolean> scalars = new HashMap<>();

    private ReshapeCopyRewrite(Onnx.GraphProto graph, List<Onnx.NodeProto> nodes) {
        for (Onnx.TensorProto t : graph.getInitializerList()) {
            constant(t, t.getName());
        }
        for (Onnx.NodeProto n : nodes) {
            for (String o : n.getOutputList()) {
                producer.put(o, n);
            }
            if (n.getOpType().equals("Constant") && n.getOutputCount() == 1) {
                Attributes a = Attributes.of(n);
                if (a.has("value")) {
                    constant(a.tensor("value"), n.getOutput(0));
                }
            }
        }
    }

    private void constant(Onnx.TensorProto t, String name) {
        boolean integer = t.getDataType() == Onnx.TensorProto.DataType.INT64_VALUE
                || t.getDataType() == Onnx.TensorProto.DataType.INT32_VALUE;
        long size = t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (x, y) -> x * y);
        // every value the pattern reads is one number: a scalar or a 1-element vector
        if (integer && t.getDimsCount() <= 1 && size == 1
                && t.getDataLocation() != Onnx.TensorProto.DataLocation.EXTERNAL) {
            INDArray v = OnnxTensors.toArray(t, "Reshape rewrite");
            constants.put(name, new long[] {v.getLong(0)});
            scalars.put(name, t.getDimsCount() == 0);
        }
    }

    /** {@code nodes} (the graph's, possibly already rewritten) with every matched Reshape given a constant target. */
    static List<Onnx.NodeProto> apply(Onnx.GraphProto graph, List<Onnx.NodeProto> nodes) {
        ReshapeCopyRewrite r = new ReshapeCopyRewrite(graph, nodes);
        List<Onnx.NodeProto> out = new ArrayList<>(nodes.size());
        for (Onnx.NodeProto n : nodes) {
            long[] target = n.getOpType().equals("Reshape") && n.getInputCount() == 2 ? r.target(n) : null;
            if (target == null) {
                out.add(n);
                continue;
            }
            String name = n.getOutput(0) + "/sentifuse_copy_target";
            out.add(Onnx.NodeProto.newBuilder().setOpType("Constant").setName(name).addOutput(name)
                    .addAttribute(Onnx.AttributeProto.newBuilder().setName("value")
                            .setType(Onnx.AttributeProto.AttributeType.TENSOR)
                            .setT(OnnxTensors.toTensor(name, Nd4j.createFromArray(target)))).build());
            out.add(n.toBuilder().setInput(1, name).build());
        }
        return out;
    }

    /** The constant target of {@code reshape}, or null when its target is not of the pattern. */
    private long[] target(Onnx.NodeProto reshape) {
        if (Attributes.of(reshape).i("allowzero", 0) != 0) {
            return null;
        }
        String x = reshape.getInput(0);
        Onnx.NodeProto concat = producer.get(reshape.getInput(1));
        if (concat == null || !concat.getOpType().equals("Concat") || Attributes.of(concat).i("axis", 0) != 0) {
            return null;
        }
        long[] target = new long[concat.getInputCount()];
        boolean copies = false;
        for (int i = 0; i < target.length; i++) {
            String part = concat.getInput(i);
            long[] c = constants.get(part);
            if (c != null && c.length == 1) {
                target[i] = c[0];
            } else if (readsDim(part, x, i)) {
                target[i] = 0;
                copies = true;
            } else {
                return null;
            }
        }
        return copies ? target : null;
    }

    /** Whether {@code value} is dimension {@code axis} of {@code x} as a 1-element vector. */
    private boolean readsDim(String value, String x, int axis) {
        Onnx.NodeProto n = producer.get(value);
        if (n != null && n.getOpType().equals("Unsqueeze")) {
            long[] axes = n.getInputCount() > 1 ? constants.get(n.getInput(1)) : Attributes.of(n).ints("axes");
            if (axes == null || axes.length != 1 || axes[0] != 0) {
                return false;
            }
            return gathersDim(n.getInput(0), x, axis, true);
        }
        return gathersDim(value, x, axis, false);
    }

    /** Whether {@code value} is Gather(Shape(x), axis): a scalar index, or a 1-element one when not unsqueezed. */
    private boolean gathersDim(String value, String x, int axis, boolean scalar) {
        Onnx.NodeProto gather = producer.get(value);
        if (gather == null || !gather.getOpType().equals("Gather") || Attributes.of(gather).i("axis", 0) != 0) {
            return false;
        }
        Onnx.NodeProto shape = producer.get(gather.getInput(0));
        if (shape == null || !shape.getOpType().equals("Shape") || shape.getAttributeCount() > 0
                || !shape.getInput(0).equals(x)) {
            return false;
        }
        long[] index = constants.get(gather.getInput(1));
        return index != null && index.length == 1 && index[0] == axis && scalar == isScalar(gather.getInput(1));
    }

    private boolean isScalar(String name) {
        return scalars.getOrDefault(name, false);
    }
}
