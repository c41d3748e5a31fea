package io.sentifuse.encoder.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sentifuse.errors.UserInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layer graph of a Keras model config: a functional {@code Model}/{@code Functional} (layers with
 * {@code inbound_nodes}, {@code input_layers}, {@code output_layers}) or a {@code Sequential} (a chain).
 * Layers come out in an order where every layer follows its inputs.
 *
 * @param layers  all layers, inputs before consumers
 * @param inputs  names of the model's input layers
 * @param outputs names of the model's output layers
 */
record KerasTopology(List<KerasLayer> layers, List<String> inputs, List<String> outputs) {

    static KerasTopology parse(String source, JsonNode topology) {
        JsonNode modelConfig = topology.path("model_config");
        String cls = modelConfig.path("class_name").asText();
        JsonNode config = modelConfig.path("config");
        return switch (cls) {
            case "Model", "Functional" -> functional(source, config);
            case "Sequential" -> sequential(source, config);
            default -> throw new UserInputException(source + ": model_config.class_name '" + cls
                    + "' is not supported (expected Model, Functional or Sequential)");
        };
    }

    private static KerasTopology functional(String source, JsonNode config) {
        Map<String, KerasLayer> byName = new LinkedHashMap<>();
        for (JsonNode l : config.path("layers")) {
            String name = l.path("name").asText(l.path("config").path("name").asText());
            JsonNode inbound = l.path("inbound_nodes");
            if (inbound.size() > 1) {
                throw new UserInputException(source + ": layer '" + name + "' is called " + inbound.size()
                        + " times (shared layers are not supported)");
            }
            List<String> inputs = new ArrayList<>();
            if (inbound.size() == 1) {
                JsonNode node = inbound.get(0);
                if (!node.isArray()) {
                    throw new UserInputException(source + ": layer '" + name + "': inbound_nodes in the Keras 3 "
                            + "format are not supported (expected [[layer, node, tensor, kwargs], ...])");
                }
                for (JsonNode ref : node) {
                    if (ref.get(2).asInt() != 0) {
                        throw new UserInputException(source + ": layer '" + name + "' reads output "
                                + ref.get(2).asInt() + " of '" + ref.get(0).asText()
                                + "' (layers with several outputs are not supported)");
                    }
                    inputs.add(ref.get(0).asText());
                }
            }
            if (byName.put(name, new KerasLayer(name, l.path("class_name").asText(), l.path("config"), inputs)) != null) {
                throw new UserInputException(source + ": two layers are named '" + name + "'");
            }
        }
        return new KerasTopology(ordered(source, byName), names(config.path("input_layers")),
                names(config.path("output_layers")));
    }

    private static KerasTopology sequential(String source, JsonNode config) {
        JsonNode layers = config.isArray() ? config : config.path("layers");
        List<KerasLayer> out = new ArrayList<>();
        String previous = null;
        for (JsonNode l : layers) {
            String cls = l.path("class_name").asText();
            JsonNode c = l.path("config");
            String name = c.path("name").asText();
            if (previous == null && !cls.equals("InputLayer")) {
                // Sequential models declare the input on their first layer.
                JsonNode shape = c.path("batch_input_shape");
                if (shape.isMissingNode()) {
                    throw new UserInputException(source + ": the first layer of the Sequential model has no "
                            + "batch_input_shape");
                }
                var input = JsonNodeFactory.instance.objectNode();
                input.set("batch_input_shape", shape);
                out.add(new KerasLayer(name + "_input", "InputLayer", input, List.of()));
                previous = name + "_input";
            }
            out.add(new KerasLayer(name, cls, c, previous == null ? List.of() : List.of(previous)));
            previous = name;
        }
        return new KerasTopology(out, List.of(out.get(0).name()), List.of(previous));
    }

    private static List<KerasLayer> ordered(String source, Map<String, KerasLayer> byName) {
        List<KerasLayer> out = new ArrayList<>();
        Map<String, Boolean> done = new LinkedHashMap<>();
        for (KerasLayer l : byName.values()) {
            visit(source, l, byName, done, out);
        }
        return out;
    }

    private static void visit(String source, KerasLayer l, Map<String, KerasLayer> byName, Map<String, Boolean> state,
            List<KerasLayer> out) {
        Boolean s = state.get(l.name());
        if (Boolean.TRUE.equals(s)) {
            return;
        }
        if (Boolean.FALSE.equals(s)) {
            throw new UserInputException(source + ": the layer graph has a cycle through '" + l.name() + "'");
        }
        state.put(l.name(), false);
        for (String in : l.inputs()) {
            KerasLayer dep = byName.get(in);
            if (dep == null) {
                throw new UserInputException(source + ": " + l.label() + " reads unknown layer '" + in + "'");
            }
            visit(source, dep, byName, state, out);
        }
        state.put(l.name(), true);
        out.add(l);
    }

    private static List<String> names(JsonNode refs) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : refs) {
            out.add(r.get(0).asText());
        }
        return out;
    }
}
