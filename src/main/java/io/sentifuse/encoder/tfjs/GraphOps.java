package io.sentifuse.encoder.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.encoder.onnxbuild.Attrs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import onnx.Onnx.AttributeProto;

/**
 * One TF op of a graph model as ONNX nodes, maps kept NCHW: convolutions (kernels HWIO / HWCM to OIHW, TF's SAME
 * padding as explicit pads), pooling, element-wise ops, Pad, Reshape and Mean. Each refuses, naming the node, what
 * it would convert wrongly.
 */
final class GraphOps {

    /** For each ONNX (NCHW) axis, the TF (NHWC) axis it holds. */
    static final int[] TF_AXIS_OF_ONNX = {0, 3, 1, 2};
    /** For each TF (NHWC) axis, the ONNX (NCHW) axis that holds it. */
    static final int[] ONNX_AXIS_OF_TF = {0, 2, 3, 1};

    private GraphOps() {
    }

    static GraphTensor conv(GraphContext ctx, JsonNode n, String name, boolean depthwise) {
        GraphTensor x = ctx.in(n, 0);
        ctx.requireMap(name, x);
        ctx.requireNhwc(n, name);
        TfjsWeights.Weight k = ctx.constant(n, 1);
        int kh = k.shape()[0];
        int kw = k.shape()[1];
        int cin = x.shape()[3];
        int[] s = ctx.quad(n, "strides");
        int[] d = ctx.quad(n, "dilations");
        int cout;
        int groups;
        String weight;
        if (depthwise) {
            int mult = k.shape()[3];
            cout = k.shape()[2] * mult;
            groups = k.shape()[2];
            weight = ctx.builder().floats(k.name(), ConvLayers.depthwiseToOihw(k.values(), kh, kw, groups, mult), cout, 1, kh, kw);
        } else {
            cout = k.shape()[3];
            groups = cin / k.shape()[2];
            weight = ctx.builder().floats(k.name(), ConvLayers.hwioToOihw(k.values(), kh, kw, k.shape()[2], cout), cout,
                    k.shape()[2], kh, kw);
        }
        if (groups * (depthwise ? 1 : k.shape()[2]) != cin) {
            throw ctx.error(name, "kernel " + Arrays.toString(k.shape()) + " does not fit " + cin + " input channels");
        }
        List<String> fused = GraphContext.strings(n, "fused_ops");
        List<String> inputs = new ArrayList<>(List.of(x.name(), weight));
        int next = 0;
        if (!fused.isEmpty()) {
            if (!fused.get(0).equals("BiasAdd")) {
                throw ctx.error(name, "fused ops " + fused + " are not supported (expected BiasAdd, then Relu or Relu6)");
            }
            TfjsWeights.Weight bias = ctx.constant(n, 2);
            inputs.add(ctx.builder().floats(bias.name(), bias.values(), cout));
            next = 1;
        }
        int[] pads = pads(ctx, n, name, x, kh, kw, s, d);
        int oh = Geometry.outSize(x.shape()[1] + pads[0] + pads[2], kh, s[1], d[1]);
        int ow = Geometry.outSize(x.shape()[2] + pads[1] + pads[3], kw, s[2], d[2]);
        String conv = fused.size() > next ? name + "/conv" : name;
        ctx.builder().node("Conv", name, inputs, conv, Attrs.ints("dilations", d[1], d[2]), Attrs.i("group", groups),
                Attrs.ints("kernel_shape", kh, kw), Attrs.ints("pads", pads), Attrs.ints("strides", s[1], s[2]));
        GraphTensor y = new GraphTensor(conv, new int[] {-1, oh, ow, cout});
        if (fused.size() > next) {
            String act = fused.get(next);
            if (fused.size() > next + 1 || !(act.equals("Relu") || act.equals("Relu6"))) {
                throw ctx.error(name, "fused ops " + fused + " are not supported (expected BiasAdd, then Relu or Relu6)");
            }
            if (act.equals("Relu")) {
                ctx.builder().node("Relu", name + "/act", List.of(conv), name);
                y = new GraphTensor(name, y.shape());
            } else {
                y = relu6(ctx, name, y);
            }
        }
        return y;
    }

    /** ONNX pads (top, left, bottom, right) of a window op under TF's {@code padding} attribute. */
    static int[] pads(GraphContext ctx, JsonNode n, String name, GraphTensor x, int kh, int kw, int[] s, int[] d) {
        String padding = GraphContext.text(n, "padding");
        return switch (padding) {
            case "VALID" -> new int[4];
            case "SAME" -> {
                int[] ph = Geometry.samePads(x.shape()[1], kh, s[1], d[1]);
                int[] pw = Geometry.samePads(x.shape()[2], kw, s[2], d[2]);
                yield new int[] {ph[0], pw[0], ph[1], pw[1]};
            }
            default -> throw ctx.error(name, "padding '" + padding + "' is not supported (expected SAME or VALID)");
        };
    }

    static GraphTensor add(GraphContext ctx, JsonNode n, String name) {
        if (!ctx.isConst(n, 0) && !ctx.isConst(n, 1) && ctx.in(n, 0).shape().length != ctx.in(n, 1).shape().length) {
            // ONNX broadcasting lines up trailing NCHW axes where TF lines up trailing NHWC ones
            throw ctx.error(name, "adding values of rank " + ctx.in(n, 0).shape().length + " and " + ctx.in(n, 1).shape().length
                    + " is not supported (expected equal ranks)");
        }
        String a = operand(ctx, n, 0);
        String c = operand(ctx, n, 1);
        GraphTensor shapeOf = ctx.isConst(n, 0) ? ctx.in(n, 1) : ctx.in(n, 0);
        ctx.builder().node("Add", name, List.of(a, c), name);
        return new GraphTensor(name, shapeOf.shape());
    }

    /** A data input's ONNX name; a constant becomes an initializer (a per-channel vector broadcast over a map). */
    static String operand(GraphContext ctx, JsonNode n, int i) {
        if (!ctx.isConst(n, i)) {
            return ctx.in(n, i).name();
        }
        TfjsWeights.Weight w = ctx.constant(n, i);
        GraphTensor other = ctx.in(n, 1 - i);
        if (other.map() && w.shape().length == 1) {
            return ctx.builder().floats(w.name(), w.values(), 1, w.shape()[0], 1, 1);
        }
        if (other.map() && w.shape().length != 0) {
            throw ctx.error(n.path("name").asText(), "a constant operand of shape " + Arrays.toString(w.shape())
                    + " on a map is not supported (expected a scalar or a per-channel vector)");
        }
        long[] dims = new long[w.shape().length];
        for (int k = 0; k < dims.length; k++) {
            dims[k] = w.shape()[k];
        }
        return ctx.builder().floats(w.name(), w.values(), dims);
    }

    static GraphTensor unary(GraphContext ctx, String op, String name, GraphTensor x) {
        ctx.builder().node(op, name, List.of(x.name()), name);
        return new GraphTensor(name, x.shape());
    }

    static GraphTensor relu6(GraphContext ctx, String name, GraphTensor x) {
        String lo = ctx.builder().floats(name + "/min", new float[] {0f});
        String hi = ctx.builder().floats(name + "/max", new float[] {6f});
        ctx.builder().node("Clip", name + "/clip", List.of(x.name(), lo, hi), name);
        return new GraphTensor(name, x.shape());
    }

    static GraphTensor softmax(GraphContext ctx, String name, GraphTensor x) {
        // TF's softmax runs over the last axis, which is the channel axis (1) of an NCHW map
        ctx.builder().node("Softmax", name, List.of(x.name()), name, Attrs.i("axis", x.map() ? 1 : x.shape().length - 1));
        return new GraphTensor(name, x.shape());
    }

    static GraphTensor pool(GraphContext ctx, JsonNode n, String name, String op) {
        GraphTensor x = ctx.in(n, 0);
        ctx.requireMap(name, x);
        ctx.requireNhwc(n, name);
        int[] k = ctx.quad(n, "ksize");
        int[] s = ctx.quad(n, "strides");
        if (k[0] != 1 || k[3] != 1) {
            throw ctx.error(name, "pooling over batch or channels is not supported (ksize " + Arrays.toString(k) + ")");
        }
        int[] pads = pads(ctx, n, name, x, k[1], k[2], s, new int[] {1, 1, 1, 1});
        int oh = Geometry.outSize(x.shape()[1] + pads[0] + pads[2], k[1], s[1], 1);
        int ow = Geometry.outSize(x.shape()[2] + pads[1] + pads[3], k[2], s[2], 1);
        List<AttributeProto> attrs = new ArrayList<>(List.of(Attrs.ints("kernel_shape", k[1], k[2]),
                Attrs.ints("pads", pads), Attrs.ints("strides", s[1], s[2])));
        if (op.equals("AveragePool")) {
            // TF averages over the window's real pixels only
            attrs.add(Attrs.i("count_include_pad", 0));
        }
        ctx.builder().node(op, name, List.of(x.name()), name, attrs.toArray(new AttributeProto[0]));
        return new GraphTensor(name, new int[] {-1, oh, ow, x.shape()[3]});
    }

    static GraphTensor pad(GraphContext ctx, JsonNode n, String name) {
        GraphTensor x = ctx.in(n, 0);
        TfjsWeights.Weight p = ctx.constant(n, 1);
        int rank = x.shape().length;
        if (p.values().length != 2 * rank) {
            throw ctx.error(name, "paddings " + Arrays.toString(p.shape()) + " do not fit rank " + rank);
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
                throw ctx.error(name, "padding the batch axis is not supported");
            }
        }
        String padsName = ctx.builder().longs(name + "/pads", pads, pads.length);
        ctx.builder().node("Pad", name, List.of(x.name(), padsName), name);
        return new GraphTensor(name, shape);
    }

    static GraphTensor reshape(GraphContext ctx, JsonNode n, String name) {
        GraphTensor x = ctx.in(n, 0);
        TfjsWeights.Weight target = ctx.constant(n, 1);
        String data = x.name();
        if (x.map()) {
            data = ctx.builder().node("Transpose", name + "/to_nhwc", List.of(x.name()), name + "/nhwc", Attrs.ints("perm", 0, 2, 3, 1));
        }
        long[] shape = new long[target.values().length];
        int[] tfShape = new int[shape.length];
        if (shape.length == 4) {
            // the result would be an NHWC map where every later op expects NCHW
            throw ctx.error(name, "a Reshape to a rank-4 map is not supported (the converter keeps maps NCHW)");
        }
        for (int k = 0; k < shape.length; k++) {
            shape[k] = (long) target.values()[k];
            if (shape[k] < 0 && k > 0) {
                throw ctx.error(name, "a Reshape target " + Arrays.toString(target.values()) + " with -1 beyond the batch"
                        + " axis is not supported (its size would be unknown to the outputs)");
            }
            tfShape[k] = (int) shape[k];
        }
        if (shape.length > 0 && shape[0] == 1 && x.shape()[0] < 0) {
            shape[0] = 0;
            tfShape[0] = -1;
        }
        String shapeName = ctx.builder().longs(name + "/shape", shape, shape.length);
        ctx.builder().node("Reshape", name, List.of(data, shapeName), name);
        return new GraphTensor(name, tfShape);
    }

    static GraphTensor mean(GraphContext ctx, JsonNode n, String name) {
        GraphTensor x = ctx.in(n, 0);
        TfjsWeights.Weight axes = ctx.constant(n, 1);
        boolean keep = n.path("attr").path("keep_dims").path("b").asBoolean(false);
        Set<Integer> tfAxes = new LinkedHashSet<>();
        for (float a : axes.values()) {
            tfAxes.add(a < 0 ? (int) a + x.shape().length : (int) a);
        }
        if (!x.map() || !tfAxes.equals(Set.of(1, 2))) {
            throw ctx.error(name, "Mean over axes " + tfAxes + " of rank " + x.shape().length
                    + " is not supported (expected the spatial axes 1, 2 of a map)");
        }
        ctx.builder().node("ReduceMean", name, List.of(x.name()), name, Attrs.ints("axes", 2, 3), Attrs.i("keepdims", keep ? 1 : 0));
        return new GraphTensor(name, keep ? new int[] {-1, 1, 1, x.shape()[3]} : new int[] {-1, x.shape()[3]});
    }
}
