package io.sentifuse.encoder.onnx;

import io.sentifuse.encoder.onnx.proto.Attributes;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.onnx.proto.OnnxTensors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Recognises LayerNorm written out as nine ops, as torch.onnx.export writes it before opset 17:
 * <pre>
 *   m = ReduceMean(x, axes=[-1]);  d = Sub(x, m);  v = ReduceMean(Pow(d, 2) or Mul(d, d), axes=[-1])
 *   y = Add(Mul(Div(d, Sqrt(Add(v, eps))), gamma), beta)
 * </pre>
 * and replaces it with one LayerNormalization node, which translates to ND4J's fused layer_norm. Only when
 * epsilon is small enough for layer_norm (which has none) to compute the same values
 * ({@code ops.LayerNormalization}); the intermediate tensors must have no other consumers.
 */
final class LayerNormFusion {

    /** Largest epsilon fused (the native op ignores epsilon; see LayerNormalization). */
    static final double MAX_EPSILON = 1e-9;

    private final Map<String, Onnx.NodeProto> producer = new HashMap<>();
    private final Map<String, Integer> uses = new HashMap<>();
    private final Map<String, Double> scalars = new HashMap<>();
    private final Map<String, Integer> initializerRanks = new HashMap<>();

    private LayerNormFusion(Onnx.GraphProto graph) {
        for (Onnx.TensorProto t : graph.getInitializerList()) {
            initializerRanks.put(t.getName(), t.getDimsCount());
            if (t.getDimsList().stream().allMatch(d -> d == 1)) {
                scalar(t, t.getName());
            }
        }
        for (Onnx.NodeProto n : graph.getNodeList()) {
            for (String o : n.getOutputList()) {
                producer.put(o, n);
            }
            for (String i : n.getInputList()) {
                uses.merge(i, 1, Integer::sum);
            }
            if (is(n, "Constant") && n.getOutputCount() == 1) {
                Attributes a = new Attributes(n.getAttributeList());
                if (a.has("value") && a.tensor("value").getDimsList().stream().allMatch(d -> d == 1)) {
                    scalar(a.tensor("value"), n.getOutput(0));
                } else if (a.has("value_float")) {
                    scalars.put(n.getOutput(0), (double) a.f("value_float", 0));
                }
            }
        }
        graph.getOutputList().forEach(o -> uses.merge(o.getName(), 1, Integer::sum));
    }

    private void scalar(Onnx.TensorProto t, String name) {
        if (OnnxTensors.dataType(t.getDataType()) != null && t.getDataLocation() != Onnx.TensorProto.DataLocation.EXTERNAL) {
            INDArray v = OnnxTensors.toArray(t, "LayerNorm fusion");
            if (v.length() == 1) {
                scalars.put(name, v.getDouble(0));
            }
        }
    }

    /** The graph's nodes with every matched LayerNorm replaced by a LayerNormalization node at its last Add. */
    static List<Onnx.NodeProto> apply(Onnx.GraphProto graph) {
        List<Onnx.NodeProto> nodes = graph.getNodeList();
        LayerNormFusion f = new LayerNormFusion(graph);
        Map<Onnx.NodeProto, Onnx.NodeProto> replace = new HashMap<>();
        Set<Onnx.NodeProto> drop = new HashSet<>();
        for (Onnx.NodeProto n : nodes) {
            List<Onnx.NodeProto> matched = new ArrayList<>();
            Onnx.NodeProto fused = f.match(n, matched);
            if (fused != null && matched.stream().noneMatch(drop::contains)) {
                replace.put(n, fused);
                matched.stream().filter(m -> m != n).forEach(drop::add);
            }
        }
        List<Onnx.NodeProto> out = new ArrayList<>();
        for (Onnx.NodeProto n : nodes) {
            if (!drop.contains(n)) {
                out.add(replace.getOrDefault(n, n));
            }
        }
        return out;
    }

    /** The fused node if {@code add} ends a LayerNorm pattern; {@code matched} receives the pattern's nodes. */
    private Onnx.NodeProto match(Onnx.NodeProto add, List<Onnx.NodeProto> matched) {
        if (!is(add, "Add")) {
            return null;
        }
        for (int side = 0; side < 2; side++) {
            String beta = add.getInput(1 - side);
            Onnx.NodeProto mul = internal(add.getInput(side), "Mul");
            if (!vector(beta) || mul == null) {
                continue;
            }
            for (int s2 = 0; s2 < 2; s2++) {
                String gamma = mul.getInput(1 - s2);
                Onnx.NodeProto div = internal(mul.getInput(s2), "Div");
                if (!vector(gamma) || div == null) {
                    continue;
                }
                Onnx.NodeProto sub = producer.get(div.getInput(0));
                Onnx.NodeProto sqrt = internal(div.getInput(1), "Sqrt");
                Onnx.NodeProto addEps = sqrt == null ? null : internal(sqrt.getInput(0), "Add");
                if (!is(sub, "Sub") || addEps == null) {
                    return null;
                }
                Double eps = scalar(addEps.getInput(1));
                Onnx.NodeProto var = internal(addEps.getInput(0), "ReduceMean");
                Onnx.NodeProto square = var == null ? null : internal(var.getInput(0), null);
                Onnx.NodeProto mean = internal(sub.getInput(1), "ReduceMean");
                String x = sub.getInput(0);
                String d = sub.getOutput(0);
                boolean squares = square != null && (is(square, "Mul") && square.getInput(0).equals(d) && square.getInput(1).equals(d)
                        || is(square, "Pow") && square.getInput(0).equals(d) && Double.valueOf(2).equals(scalar(square.getInput(1))));
                if (eps == null || eps > MAX_EPSILON || mean == null || !squares || !lastAxis(var) || !lastAxis(mean)
                        || !mean.getInput(0).equals(x) || uses.getOrDefault(d, 0) != (is(square, "Mul") ? 3 : 2)) {
                    return null;
                }
                matched.addAll(List.of(add, mul, div, sqrt, addEps, var, square, sub, mean));
                return Onnx.NodeProto.newBuilder().setName(add.getName().isEmpty() ? "" : add.getName() + "_fused_layernorm")
                        .setOpType("LayerNormalization").addInput(x).addInput(gamma).addInput(beta).addOutput(add.getOutput(0))
                        .addAttribute(Onnx.AttributeProto.newBuilder().setName("axis").setType(Onnx.AttributeProto.AttributeType.INT).setI(-1))
                        .addAttribute(Onnx.AttributeProto.newBuilder().setName("epsilon").setType(Onnx.AttributeProto.AttributeType.FLOAT)
                                .setF(eps.floatValue()))
                        .build();
            }
        }
        return null;
    }

    /** The node producing {@code tensor} when it has that op type (any when null) and no other consumer. */
    private Onnx.NodeProto internal(String tensor, String op) {
        Onnx.NodeProto n = producer.get(tensor);
        return n != null && (op == null || is(n, op)) && uses.getOrDefault(tensor, 0) == 1 ? n : null;
    }

    private static boolean is(Onnx.NodeProto n, String op) {
        return n != null && n.getOpType().equals(op) && OnnxModel.normalise(n.getDomain()).isEmpty();
    }

    private boolean lastAxis(Onnx.NodeProto reduce) {
        Attributes a = new Attributes(reduce.getAttributeList());
        long[] axes = a.ints("axes");
        return reduce.getInputCount() == 1 && axes != null && axes.length == 1 && axes[0] == -1 && a.i("keepdims", 1) == 1;
    }

    private boolean vector(String name) {
        return initializerRanks.getOrDefault(name, -1) == 1;
    }

    private Double scalar(String name) {
        return scalars.get(name);
    }
}
