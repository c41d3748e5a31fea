package io.sentifuse.encoder.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.encoder.onnxbuild.Attrs;
import io.sentifuse.encoder.onnxbuild.OnnxBuilder;
import io.sentifuse.errors.UserInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;

/**
 * Converts a TF.js graph model (a frozen TF graph: {@code modelTopology.node}, weights as {@code Const} nodes in
 * the manifest) with one NHWC image input to an ONNX opset-13 model. The input becomes {@code input}, float
 * {@code [batch, C, H, W]}; four-dimensional values stay NCHW inside the graph (a Transpose back to NHWC only
 * where TF reshapes a map, so element order matches TF's); the graph outputs keep their TF node names. Supported
 * ops are what the converted face models use plus their plain relatives: Conv2D, _FusedConv2D (BiasAdd, then
 * optionally Relu or Relu6), DepthwiseConv2dNative, FusedDepthwiseConv2dNative, AddV2/Add (equal ranks, or a
 * constant scalar or per-channel vector), Relu, Relu6, Sigmoid, Softmax, MaxPool, AvgPool, Pad (constant zeros),
 * Reshape (to rank 3 or less), Mean over the spatial axes and Identity; anything else is refused naming the node. TF's SAME padding is reproduced with explicit pads (the odd pixel bottom/right), as in
 * {@link TfjsToOnnx}. A Reshape whose target starts with 1 where the input's first dimension is the batch reads
 * that 1 as "the batch" (ONNX 0 = copy), so graphs exported for batch 1 run on any batch.
 */
public final class TfjsGraphToOnnx {

    /** Bumped whenever the emitted graph changes for the same model (cache keys include it). */
    public static final String CONVERTER_VERSION = "1";

    /** For each ONNX (NCHW) axis, the TF (NHWC) axis it holds. */
    private static final int[] TF_AXIS_OF_ONNX = {0, 3, 1, 2};
    /** For each TF (NHWC) axis, the ONNX (NCHW) axis that holds it. */
    private static final int[] ONNX_AXIS_OF_TF = {0, 2, 3, 1};

    /** A converted value: its ONNX name and TF shape (NHWC for rank 4; -1 for the batch). */
    private record Tensor(String name, int[] shape) {
        boolean map() {
            return shape.length == 4;
        }
    }

    private final String source;
    private final OnnxBuilder b;
    private final Map<String, TfjsWeights.Weight> weights;
    private final Map<String, JsonNode> nodes = new HashMap<>();
    private final Map<String, Tensor> values = new HashMap<>();
    private final Set<String> usedConsts = new HashSet<>();

    private TfjsGraphToOnnx(String source, Map<String, TfjsWeights.Weight> weights) {
        this.source = source;
        this.b = new OnnxBuilder("tfjs_graph");
        this.weights = weights;
    }

    /** Converts a graph model; {@link TfjsArtifacts#graphModel()} must hold. */
    public static ModelProto convert(TfjsArtifacts artifacts) {
        if (!artifacts.graphModel()) {
            throw new UserInputException(artifacts.source() + ": a TF.js layers model, not a graph model (convert it"
                    + " with TfjsToOnnx)");
        }
        TfjsGraphToOnnx c = new TfjsGraphToOnnx(artifacts.source(), TfjsWeights.decode(artifacts));
        return c.run(artifacts.topology().path("node"));
    }

    private ModelProto run(JsonNode graph) {
        Set<String> consumed = new HashSet<>();
        for (JsonNode n : graph) {
            nodes.put(n.path("name").asText(), n);
            for (JsonNode in : n.path("input")) {
                consumed.add(strip(in.asText()));
            }
        }
        // the file lists nodes in topological order (as tensorflowjs_converter writes them); checked as we go
        for (JsonNode n : graph) {
            String op = n.path("op").asText();
            if (!op.equals("Const")) {
                values.put(n.path("name").asText(), convert(n, op));
            }
        }
        // the graph's outputs: what no node reads (signature order is not stored with the topology), by name
        List<String> outs = new ArrayList<>();
        for (JsonNode n : graph) {
            String name = n.path("name").asText();
            if (!consumed.contains(name) && !n.path("op").asText().equals("Const")) {
                outs.add(name);
            }
        }
        outs.sort(String::compareTo);
        for (String name : outs) {
            Tensor t = values.get(name);
            if (t == null) {
                throw error(name, "is named as an output but is not a converted node");
            }
            String onnx = t.name();
            if (!onnx.equals(name)) {
                b.node("Identity", name + "/output", List.of(onnx), name);
            }
            b.output(name, onnxDims(t));
        }
        List<String> unused = weights.keySet().stream().filter(k -> !usedConsts.contains(k)).toList();
        if (!unused.isEmpty()) {
            throw new UserInputException(source + ": " + unused.size() + " weights are not used by any converted node"
                    + " (the conversion would be incomplete): " + unused.subList(0, Math.min(10, unused.size())));
        }
        return b.build(TfjsToOnnx.OPSET, "sentifuse-tfjs-graph-to-onnx", CONVERTER_VERSION);
    }

    private Tensor convert(JsonNode n, String op) {
        String name = n.path("name").asText();
        return switch (op) {
            case "Placeholder" -> placeholder(n, name);
            case "Identity" -> in(n, 0);
            case "Conv2D", "_FusedConv2D" -> conv(n, name, false);
            case "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative" -> conv(n, name, true);
            case "AddV2", "Add" -> add(n, name);
            case "Relu" -> unary("Relu", name, in(n, 0));
            case "Relu6" -> relu6(name, in(n, 0));
            case "Sigmoid" -> unary("Sigmoid", name, in(n, 0));
            case "Softmax" -> softmax(name, in(n, 0));
            case "MaxPool", "AvgPool" -> pool(n, name, op.equals("MaxPool") ? "MaxPool" : "AveragePool");
            case "Pad" -> pad(n, name);
            case "Reshape" -> reshape(n, name);
            case "Mean" -> mean(n, name);
            default -> throw error(name, "op " + op + " is not supported by the TF.js graph converter");
        };
    }

    private Tensor placeholder(JsonNode n, String name) {
        JsonNode dims = n.path("attr").path("shape").path("shape").path("dim");
        if (!values.isEmpty() || dims.size() != 4) {
            throw error(name, "expected one image input [batch, H, W, C], got " + dims.size() + " dimensions");
        }
        int h = dims.get(1).path("size").asInt();
        int w = dims.get(2).path("size").asInt();
        int c = dims.get(3).path("size").asInt();
        if (h <= 0 || w <= 0 || c <= 0) {
            throw error(name, "the input size must be fixed, got " + dims);
        }
        b.input(TfjsToOnnx.INPUT, TensorProto.DataType.FLOAT_VALUE, TfjsToOnnx.BATCH, (long) c, (long) h, (long) w);
        return new Tensor(TfjsToOnnx.INPUT, new int[] {-1, h, w, c});
    }

    private Tensor conv(JsonNode n, String name, boolean depthwise) {
        Tensor x = in(n, 0);
        requireMap(name, x);
        requireNhwc(n, name);
        TfjsWeights.Weight k = constant(n, 1);
        int kh = k.shape()[0];
        int kw = k.shape()[1];
        int cin = x.shape()[3];
        int[] s = quad(n, "strides");
        int[] d = quad(n, "dilations");
        int cout;
        int groups;
        String weight;
        if (depthwise) {
            int mult = k.shape()[3];
            cout = k.shape()[2] * mult;
            groups = k.shape()[2];
            weight = b.floats(k.name(), ConvLayers.depthwiseToOihw(k.values(), kh, kw, groups, mult), cout, 1, kh, kw);
        } else {
            cout = k.shape()[3];
            groups = cin / k.shape()[2];
            weight = b.floats(k.name(), ConvLayers.hwioToOihw(k.values(), kh, kw, k.shape()[2], cout), cout,
                    k.shape()[2], kh, kw);
        }
        if (groups * (depthwise ? 1 : k.shape()[2]) != cin) {
            throw error(name, "kernel " + Arrays.toString(k.shape()) + " does not fit " + cin + " input channels");
        }
        List<String> fused = strings(n, "fused_ops");
        List<String> inputs = new ArrayList<>(List.of(x.name(), weight));
        int next = 0;
        if (!fused.isEmpty()) {
            if (!fused.get(0).equals("BiasAdd")) {
                throw error(name, "fused ops " + fused + " are not supported (expected BiasAdd, then Relu or Relu6)");
            }
            TfjsWeights.Weight bias = constant(n, 2);
            inputs.add(b.floats(bias.name(), bias.values(), cout));
            next = 1;
        }
        int[] pads = pads(n, name, x, kh, kw, s, d);
        int oh = Geometry.outSize(x.shape()[1] + pads[0] + pads[2], kh, s[1], d[1]);
        int ow = Geometry.outSize(x.shape()[2] + pads[1] + pads[3], kw, s[2], d[2]);
        String conv = fused.size() > next ? name + "/conv" : name;
        b.node("Conv", name, inputs, conv, Attrs.ints("dilations", d[1], d[2]), Attrs.i("group", groups),
                Attrs.ints("kernel_shape", kh, kw), Attrs.ints("pads", pads), Attrs.ints("strides", s[1], s[2]));
        Tensor y = new Tensor(conv, new int[] {-1, oh, ow, cout});
        if (fused.size() > next) {
            String act = fused.get(next);
            if (fused.size() > next + 1 || !(act.equals("Relu") || act.equals("Relu6"))) {
                throw error(name, "fused ops " + fused + " are not supported (expected BiasAdd, then Relu or Relu6)");
            }
            if (act.equals("Relu")) {
                b.node("Relu", name + "/act", List.of(conv), name);
                y = new Tensor(name, y.shape());
            } else {
                y = relu6(name, y);
            }
        }
        return y;
    }

    /** ONNX pads (top, left, bottom, right) of a window op under TF's {@code padding} attribute. */
    private int[] pads(JsonNode n, String name, Tensor x, int kh, int kw, int[] s, int[] d) {
        String padding = text(n, "padding");
        return switch (padding) {
            case "VALID" -> new int[4];
            case "SAME" -> {
                int[] ph = Geometry.samePads(x.shape()[1], kh, s[1], d[1]);
                int[] pw = Geometry.samePads(x.shape()[2], kw, s[2], d[2]);
                yield new int[] {ph[0], pw[0], ph[1], pw[1]};
            }
            default -> throw error(name, "padding '" + padding + "' is not supported (expected SAME or VALID)");
        };
    }

    private Tensor add(JsonNode n, String name) {
        if (!isConst(n, 0) && !isConst(n, 1) && in(n, 0).shape().length != in(n, 1).shape().length) {
            // ONNX broadcasting lines up trailing NCHW axes where TF lines up trailing NHWC ones
            throw error(name, "adding values of rank " + in(n, 0).shape().length + " and " + in(n, 1).shape().length
                    + " is not supported (expected equal ranks)");
        }
        String a = operand(n, 0);
        String c = operand(n, 1);
        Tensor shapeOf = isConst(n, 0) ? in(n, 1) : in(n, 0);
        b.node("Add", name, List.of(a, c), name);
        return new Tensor(name, shapeOf.shape());
    }

    /** A data input's ONNX name; a constant becomes an initializer (a per-channel vector broadcast over a map). */
    private String operand(JsonNode n, int i) {
        if (!isConst(n, i)) {
            return in(n, i).name();
        }
        TfjsWeights.Weight w = constant(n, i);
        Tensor other = in(n, 1 - i);
        if (other.map() && w.shape().length == 1) {
            return b.floats(w.name(), w.values(), 1, w.shape()[0], 1, 1);
        }
        if (other.map() && w.shape().length != 0) {
            throw error(n.path("name").asText(), "a constant operand of shape " + Arrays.toString(w.shape())
                    + " on a map is not supported (expected a scalar or a per-channel vector)");
        }
        long[] dims = new long[w.shape().length];
        for (int k = 0; k < dims.length; k++) {
            dims[k] = w.shape()[k];
        }
        return b.floats(w.name(), w.values(), dims);
    }

    private Tensor unary(String op, String name, Tensor x) {
        b.node(op, name, List.of(x.name()), name);
        return new Tensor(name, x.shape());
    }

    private Tensor relu6(String name, Tensor x) {
        String lo = b.floats(name + "/min", new float[] {0f});
        String hi = b.floats(name + "/max", new float[] {6f});
        b.node("Clip", name + "/clip", List.of(x.name(), lo, hi), name);
        return new Tensor(name, x.shape());
    }

    private Tensor softmax(String name, Tensor x) {
        // TF's softmax runs over the last axis, which is the channel axis (1) of an NCHW map
        b.node("Softmax", name, List.of(x.name()), name, Attrs.i("axis", x.map() ? 1 : x.shape().length - 1));
        return new Tensor(name, x.shape());
    }

    private Tensor pool(JsonNode n, String name, String op) {
        Tensor x = in(n, 0);
        requireMap(name, x);
        requireNhwc(n, name);
        int[] k = quad(n, "ksize");
        int[] s = quad(n, "strides");
        if (k[0] != 1 || k[3] != 1) {
            throw error(name, "pooling over batch or channels is not supported (ksize " + Arrays.toString(k) + ")");
        }
        int[] pads = pads(n, name, x, k[1], k[2], s, new int[] {1, 1, 1, 1});
        int oh = Geometry.outSize(x.shape()[1] + pads[0] + pads[2], k[1], s[1], 1);
        int ow = Geometry.outSize(x.shape()[2] + pads[1] + pads[3], k[2], s[2], 1);
        List<AttributeProto> attrs = new ArrayList<>(List.of(Attrs.ints("kernel_shape", k[1], k[2]),
                Attrs.ints("pads", pads), Attrs.ints("strides", s[1], s[2])));
        if (op.equals("AveragePool")) {
            // TF averages over the window's real pixels only
            attrs.add(Attrs.i("count_include_pad", 0));
        }
        b.node(op, name, List.of(x.name()), name, attrs.toArray(new AttributeProto[0]));
        return new Tensor(name, new int[] {-1, oh, ow, x.shape()[3]});
    }

    private Tensor pad(JsonNode n, String name) {
        Tensor x = in(n, 0);
        TfjsWeights.Weight p = constant(n, 1);
        int rank = x.shape().length;
        if (p.values().length != 2 * rank) {
            throw error(name, "paddings " + Arrays.toString(p.shape()) + " do not fit rank " + rank);
        }
        long[] pads = new long[2 * rank];
        int[] shape = x.shape().clone();
        for (int a = 0; a < rank; a++) {
            int onnxAxis = x.map() ? ONNX_AXIS_OF_TF[a] : a;
            pads[onnxAxis] = (long) p.values()[2 * a];
            pads[onnxAxis + rank] = (long) p.values()[2 * a + 1];
            if (shape[a] >= 0) {
                shape[a] += (int) (p.values()[2 * a] + p.values()[2 * a + 1]);
            } else if (pads[onnxAxis] != 0 || pads[onnxAxis + rank] != 0) {
                throw error(name, "padding the batch axis is not supported");
            }
        }
        String padsName = b.longs(name + "/pads", pads, pads.length);
        b.node("Pad", name, List.of(x.name(), padsName), name);
        return new Tensor(name, shape);
    }

    private Tensor reshape(JsonNode n, String name) {
        Tensor x = in(n, 0);
        TfjsWeights.Weight target = constant(n, 1);
        String data = x.name();
        if (x.map()) {
            data = b.node("Transpose", name + "/to_nhwc", List.of(x.name()), name + "/nhwc", Attrs.ints("perm", 0, 2, 3, 1));
        }
        long[] shape = new long[target.values().length];
        int[] tfShape = new int[shape.length];
        if (shape.length == 4) {
            // the result would be an NHWC map where every later op expects NCHW
            throw error(name, "a Reshape to a rank-4 map is not supported (the converter keeps maps NCHW)");
        }
        for (int k = 0; k < shape.length; k++) {
            shape[k] = (long) target.values()[k];
            if (shape[k] < 0 && k > 0) {
                throw error(name, "a Reshape target " + Arrays.toString(target.values()) + " with -1 beyond the batch"
                        + " axis is not supported (its size would be unknown to the outputs)");
            }
            tfShape[k] = (int) shape[k];
        }
        if (shape.length > 0 && shape[0] == 1 && x.shape()[0] < 0) {
            shape[0] = 0;
            tfShape[0] = -1;
        }
        String shapeName = b.longs(name + "/shape", shape, shape.length);
        b.node("Reshape", name, List.of(data, shapeName), name);
        return new Tensor(name, tfShape);
    }

    private Tensor mean(JsonNode n, String name) {
        Tensor x = in(n, 0);
        TfjsWeights.Weight axes = constant(n, 1);
        boolean keep = n.path("attr").path("keep_dims").path("b").asBoolean(false);
        Set<Integer> tfAxes = new LinkedHashSet<>();
        for (float a : axes.values()) {
            tfAxes.add(a < 0 ? (int) a + x.shape().length : (int) a);
        }
        if (!x.map() || !tfAxes.equals(Set.of(1, 2))) {
            throw error(name, "Mean over axes " + tfAxes + " of rank " + x.shape().length
                    + " is not supported (expected the spatial axes 1, 2 of a map)");
        }
        b.node("ReduceMean", name, List.of(x.name()), name, Attrs.ints("axes", 2, 3), Attrs.i("keepdims", keep ? 1 : 0));
        return new Tensor(name, keep ? new int[] {-1, 1, 1, x.shape()[3]} : new int[] {-1, x.shape()[3]});
    }

    private Tensor in(JsonNode n, int i) {
        String ref = inputName(n, i);
        Tensor t = values.get(ref);
        if (t == null) {
            throw error(n.path("name").asText(), "input " + i + " '" + ref + "' is not a converted value (a constant"
                    + " where data was expected, or nodes out of order)");
        }
        return t;
    }

    private boolean isConst(JsonNode n, int i) {
        JsonNode src = nodes.get(inputName(n, i));
        return src != null && src.path("op").asText().equals("Const");
    }

    private TfjsWeights.Weight constant(JsonNode n, int i) {
        String ref = inputName(n, i);
        TfjsWeights.Weight w = weights.get(ref);
        if (w == null) {
            throw error(n.path("name").asText(), "input " + i + " '" + ref + "' must be a constant in the weights manifest");
        }
        usedConsts.add(ref);
        return w;
    }

    private String inputName(JsonNode n, int i) {
        JsonNode inputs = n.path("input");
        if (i >= inputs.size()) {
            throw error(n.path("name").asText(), "expected at least " + (i + 1) + " inputs, got " + inputs.size());
        }
        return strip(inputs.get(i).asText());
    }

    /** A TF tensor reference {@code node:0} (or control input {@code ^node}) as its node name. */
    private static String strip(String ref) {
        String r = ref.startsWith("^") ? ref.substring(1) : ref;
        int colon = r.lastIndexOf(':');
        return colon > 0 && r.substring(colon + 1).chars().allMatch(Character::isDigit) ? r.substring(0, colon) : r;
    }

    private void requireMap(String name, Tensor x) {
        if (!x.map()) {
            throw error(name, "expected a [batch, H, W, C] input, got rank " + x.shape().length);
        }
    }

    private void requireNhwc(JsonNode n, String name) {
        String format = n.path("attr").has("data_format") ? text(n, "data_format") : "NHWC";
        if (!format.equals("NHWC")) {
            throw error(name, "data_format '" + format + "' is not supported (TF.js graphs are NHWC)");
        }
    }

    private int[] quad(JsonNode n, String attr) {
        JsonNode list = n.path("attr").path(attr).path("list").path("i");
        if (list.isMissingNode() || list.size() == 0) {
            return new int[] {1, 1, 1, 1};
        }
        if (list.size() != 4) {
            throw error(n.path("name").asText(), attr + " must have 4 values, got " + list);
        }
        return new int[] {list.get(0).asInt(), list.get(1).asInt(), list.get(2).asInt(), list.get(3).asInt()};
    }

    private static String text(JsonNode n, String attr) {
        return decode(n.path("attr").path(attr).path("s").asText(""));
    }

    private static List<String> strings(JsonNode n, String attr) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : n.path("attr").path(attr).path("list").path("s")) {
            out.add(decode(s.asText()));
        }
        return out;
    }

    /** Graph-model string attributes are base64 (protobuf bytes in JSON). */
    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static Object[] onnxDims(Tensor t) {
        int[] s = t.shape();
        int[] order = t.map() ? TF_AXIS_OF_ONNX : null;
        Object[] dims = new Object[s.length];
        for (int k = 0; k < s.length; k++) {
            int v = order == null ? s[k] : s[order[k]];
            dims[k] = v < 0 ? TfjsToOnnx.BATCH : (Object) (long) v;
        }
        return dims;
    }

    private UserInputException error(String node, String problem) {
        return new UserInputException(source + ": node '" + node + "': " + problem);
    }
}
