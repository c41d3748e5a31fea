package io.sentifuse.encoder.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.encoder.onnxbuild.OnnxBuilder;
import io.sentifuse.errors.UserInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one graph-model conversion: the ONNX graph being built, the graph's nodes by name, the values
 * converted so far, the weights and which of them were read; and the reading of TF node inputs and attributes
 * (graph-model JSON: inputs as {@code node:0}, string attributes base64-encoded).
 */
final class GraphContext {

    private final String source;
    private final OnnxBuilder b;
    private final Map<String, TfjsWeights.Weight> weights;
    private final Map<String, JsonNode> nodes = new HashMap<>();
    private final Map<String, GraphTensor> values = new HashMap<>();
    private final Set<String> usedConsts = new HashSet<>();

    GraphContext(String source, Map<String, TfjsWeights.Weight> weights) {
        this.source = source;
        this.b = new OnnxBuilder("tfjs_graph");
        this.weights = weights;
    }

    String source() {
        return source;
    }

    OnnxBuilder builder() {
        return b;
    }

    void addNode(JsonNode n) {
        nodes.put(n.path("name").asText(), n);
    }

    void define(String node, GraphTensor value) {
        values.put(node, value);
    }

    /** The converted value of node {@code name}, or null. */
    GraphTensor value(String name) {
        return values.get(name);
    }

    /** Whether any value was converted yet. */
    boolean started() {
        return !values.isEmpty();
    }

    /** Weights no converted node read. */
    List<String> unusedWeights() {
        return weights.keySet().stream().filter(k -> !usedConsts.contains(k)).toList();
    }

    GraphTensor in(JsonNode n, int i) {
        String ref = inputName(n, i);
        GraphTensor t = values.get(ref);
        if (t == null) {
            throw error(n.path("name").asText(), "input " + i + " '" + ref + "' is not a converted value (a constant"
                    + " where data was expected, or nodes out of order)");
        }
        return t;
    }

    boolean isConst(JsonNode n, int i) {
        JsonNode src = nodes.get(inputName(n, i));
        return src != null && src.path("op").asText().equals("Const");
    }

    TfjsWeights.Weight constant(JsonNode n, int i) {
        String ref = inputName(n, i);
        TfjsWeights.Weight w = weights.get(ref);
        if (w == null) {
            throw error(n.path("name").asText(), "input " + i + " '" + ref + "' must be a constant in the weights manifest");
        }
        usedConsts.add(ref);
        return w;
    }

    String inputName(JsonNode n, int i) {
        JsonNode inputs = n.path("input");
        if (i >= inputs.size()) {
            throw error(n.path("name").asText(), "expected at least " + (i + 1) + " inputs, got " + inputs.size());
        }
        return strip(inputs.get(i).asText());
    }

    /** A TF tensor reference {@code node:0} (or control input {@code ^node}) as its node name. */
    static String strip(String ref) {
        String r = ref.startsWith("^") ? ref.substring(1) : ref;
        int colon = r.lastIndexOf(':');
        return colon > 0 && r.substring(colon + 1).chars().allMatch(Character::isDigit) ? r.substring(0, colon) : r;
    }

    void requireMap(String name, GraphTensor x) {
        if (!x.map()) {
            throw error(name, "expected a [batch, H, W, C] input, got rank " + x.shape().length);
        }
    }

    void requireNhwc(JsonNode n, String name) {
        String format = n.path("attr").has("data_format") ? text(n, "data_format") : "NHWC";
        if (!format.equals("NHWC")) {
            throw error(name, "data_format '" + format + "' is not supported (TF.js graphs are NHWC)");
        }
    }

    int[] quad(JsonNode n, String attr) {
        JsonNode list = n.path("attr").path(attr).path("list").path("i");
        if (list.isMissingNode() || list.size() == 0) {
            return new int[] {1, 1, 1, 1};
        }
        if (list.size() != 4) {
            throw error(n.path("name").asText(), attr + " must have 4 values, got " + list);
        }
        return new int[] {list.get(0).asInt(), list.get(1).asInt(), list.get(2).asInt(), list.get(3).asInt()};
    }

    static String text(JsonNode n, String attr) {
        return decode(n.path("attr").path(attr).path("s").asText(""));
    }

    static List<String> strings(JsonNode n, String attr) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : n.path("attr").path(attr).path("list").path("s")) {
            out.add(decode(s.asText()));
        }
        return out;
    }

    /** Graph-model string attributes are base64 (protobuf bytes in JSON). */
    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    UserInputException error(String node, String problem) {
        return new UserInputException(source + ": node '" + node + "': " + problem);
    }
}
