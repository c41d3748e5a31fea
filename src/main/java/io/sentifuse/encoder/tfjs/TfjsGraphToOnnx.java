package io.sentifuse.encoder.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.encoder.onnxbuild.OnnxBuilder;
import io.sentifuse.errors.UserInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Reshape (to rank 3 or less), Mean over the spatial axes and Identity ({@link GraphOps}); anything else is
 * refused naming the node. TF's SAME padding is reproduced with explicit pads (the odd pixel bottom/right), as in
 * {@link TfjsToOnnx}. A Reshape whose target starts with 1 where the input's first dimension is the batch reads
 * that 1 as "the batch" (ONNX 0 = copy), so graphs exported for batch 1 run on any batch.
 */
public final class TfjsGraphToOnnx {

    /** Bumped whenever the emitted graph changes for the same model (cache keys include it). */
    public static final String CONVERTER_VERSION = "1";

    private final GraphContext ctx;

    private TfjsGraphToOnnx(String source, Map<String, TfjsWeights.Weight> weights) {
        this.ctx = new GraphContext(source, weights);
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
            ctx.addNode(n);
            for (JsonNode in : n.path("input")) {
                consumed.add(GraphContext.strip(in.asText()));
            }
        }
        // the file lists nodes in topological order (as tensorflowjs_converter writes them); checked as we go
        for (JsonNode n : graph) {
            String op = n.path("op").asText();
            if (!op.equals("Const")) {
                ctx.define(n.path("name").asText(), convert(n, op));
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
        OnnxBuilder b = ctx.builder();
        for (String name : outs) {
            GraphTensor t = ctx.value(name);
            if (!t.name().equals(name)) {
                b.node("Identity", name + "/output", List.of(t.name()), name);
            }
            b.output(name, onnxDims(t));
        }
        List<String> unused = ctx.unusedWeights();
        if (!unused.isEmpty()) {
            throw new UserInputException(ctx.source() + ": " + unused.size() + " weights are not used by any converted"
                    + " node (the conversion would be incomplete): " + unused.subList(0, Math.min(10, unused.size())));
        }
        return b.build(TfjsToOnnx.OPSET, "sentifuse-tfjs-graph-to-onnx", CONVERTER_VERSION);
    }

    private GraphTensor convert(JsonNode n, String op) {
        String name = n.path("name").asText();
        return switch (op) {
            case "Placeholder" -> placeholder(n, name);
            case "Identity" -> ctx.in(n, 0);
            case "Conv2D", "_FusedConv2D" -> GraphOps.conv(ctx, n, name, false);
            case "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative" -> GraphOps.conv(ctx, n, name, true);
            case "AddV2", "Add" -> GraphOps.add(ctx, n, name);
            case "Relu" -> GraphOps.unary(ctx, "Relu", name, ctx.in(n, 0));
            case "Relu6" -> GraphOps.relu6(ctx, name, ctx.in(n, 0));
            case "Sigmoid" -> GraphOps.unary(ctx, "Sigmoid", name, ctx.in(n, 0));
            case "Softmax" -> GraphOps.softmax(ctx, name, ctx.in(n, 0));
            case "MaxPool", "AvgPool" -> GraphOps.pool(ctx, n, name, op.equals("MaxPool") ? "MaxPool" : "AveragePool");
            case "Pad" -> GraphOps.pad(ctx, n, name);
            case "Reshape" -> GraphOps.reshape(ctx, n, name);
            case "Mean" -> GraphOps.mean(ctx, n, name);
            default -> throw ctx.error(name, "op " + op + " is not supported by the TF.js graph converter");
        };
    }

    private GraphTensor placeholder(JsonNode n, String name) {
        JsonNode dims = n.path("attr").path("shape").path("shape").path("dim");
        if (ctx.started() || dims.size() != 4) {
            throw ctx.error(name, "expected one image input [batch, H, W, C], got " + dims.size() + " dimensions");
        }
        int h = dims.get(1).path("size").asInt();
        int w = dims.get(2).path("size").asInt();
        int c = dims.get(3).path("size").asInt();
        if (h <= 0 || w <= 0 || c <= 0) {
            throw ctx.error(name, "the input size must be fixed, got " + dims);
        }
        ctx.builder().input(TfjsToOnnx.INPUT, TensorProto.DataType.FLOAT_VALUE, TfjsToOnnx.BATCH, (long) c, (long) h,
                (long) w);
        return new GraphTensor(TfjsToOnnx.INPUT, new int[] {-1, h, w, c});
    }

    private static Object[] onnxDims(GraphTensor t) {
        int[] s = t.shape();
        int[] order = t.map() ? GraphOps.TF_AXIS_OF_ONNX : null;
        Object[] dims = new Object[s.length];
        for (int k = 0; k < s.length; k++) {
            int v = order == null ? s[k] : s[order[k]];
            dims[k] = v < 0 ? TfjsToOnnx.BATCH : (Object) (long) v;
        }
        return dims;
    }
}
