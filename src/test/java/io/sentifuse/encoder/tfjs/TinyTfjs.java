package io.sentifuse.encoder.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.files.Json;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Builds small TF.js layers models (functional Keras topology + float32 weights) for converter tests. */
final class TinyTfjs {

    private final ArrayNode layers = Json.mapper().createArrayNode();
    private final ArrayNode weights = Json.mapper().createArrayNode();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private String last;

    /** Starts with an image input of h x w x c. */
    TinyTfjs(int h, int w, int c) {
        ObjectNode config = Json.mapper().createObjectNode();
        config.set("batch_input_shape", Json.mapper().valueToTree(new Object[] {null, h, w, c}));
        config.put("name", "input_1");
        add("InputLayer", "input_1", config, List.of());
    }

    /** Adds a layer reading {@code inputs} (the previous layer when empty); {@code config} is JSON text. */
    TinyTfjs layer(String cls, String name, String config, String... inputs) {
        try {
            ObjectNode c = (ObjectNode) Json.mapper().readTree(config.isEmpty() ? "{}" : config);
            c.put("name", name);
            add(cls, name, c, inputs.length == 0 ? List.of(last) : List.of(inputs));
            return this;
        } catch (Exception e) {
            throw new IllegalArgumentException(config, e);
        }
    }

    /** Appends a float32 weight {@code <layer>/<key>} of the given TF shape. */
    TinyTfjs weight(String name, float[] values, int... shape) {
        ObjectNode w = weights.addObject();
        w.put("name", name);
        w.set("shape", Json.mapper().valueToTree(shape));
        w.put("dtype", "float32");
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        bytes.writeBytes(b.array());
        return this;
    }

    TfjsArtifacts build() {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode topology = root.putObject("modelTopology");
        ObjectNode modelConfig = topology.putObject("model_config");
        modelConfig.put("class_name", "Model");
        ObjectNode config = modelConfig.putObject("config");
        config.put("name", "tiny");
        config.set("layers", layers);
        config.set("input_layers", Json.mapper().valueToTree(List.of(List.of("input_1", 0, 0))));
        config.set("output_layers", Json.mapper().valueToTree(List.of(List.of(last, 0, 0))));
        ArrayNode manifest = root.putArray("weightsManifest");
        ObjectNode group = manifest.addObject();
        group.set("paths", Json.mapper().valueToTree(List.of("group1-shard1of1.bin")));
        group.set("weights", weights);
        byte[] modelJson = Json.line(root).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] shard = bytes.toByteArray();
        return TfjsArtifacts.read("tiny", "model.json",
                name -> name.equals("model.json") ? modelJson : name.equals("group1-shard1of1.bin") ? shard : null);
    }

    String last() {
        return last;
    }

    private void add(String cls, String name, JsonNode config, List<String> inputs) {
        ObjectNode l = layers.addObject();
        l.put("name", name);
        l.put("class_name", cls);
        l.set("config", config);
        ArrayNode inbound = l.putArray("inbound_nodes");
        if (!inputs.isEmpty()) {
            ArrayNode node = inbound.addArray();
            for (String in : inputs) {
                node.add(Json.mapper().valueToTree(List.of(in, 0, 0, Json.mapper().createObjectNode())));
            }
        }
        last = name;
    }

    /** NHWC values (as Keras sees them) to the NCHW array the ONNX graph takes. */
    static float[] toNchw(float[] nhwc, int h, int w, int c) {
        float[] out = new float[nhwc.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    out[(ch * h + y) * w + x] = nhwc[(y * w + x) * c + ch];
                }
            }
        }
        return out;
    }
}
