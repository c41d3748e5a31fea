package io.sentifuse.encoder.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One layer of a Keras functional (or sequential) model.
 *
 * @param name      the layer's unique name (also its weights' prefix, e.g. {@code Conv1/kernel})
 * @param className Keras class, e.g. {@code Conv2D}
 * @param config    the layer's {@code config} object
 * @param inputs    names of the layers whose outputs it reads, in order
 */
record KerasLayer(String name, String className, JsonNode config, List<String> inputs) {

    /** The config entry {@code key} as an int pair; a single number applies to both (Keras accepts both). */
    int[] pair(String key, int fallback) {
        JsonNode v = config.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return new int[] {fallback, fallback};
        }
        if (v.isNumber()) {
            return new int[] {v.asInt(), v.asInt()};
        }
        return new int[] {v.get(0).asInt(), v.get(1).asInt()};
    }

    String text(String key, String fallback) {
        JsonNode v = config.path(key);
        return v.isMissingNode() || v.isNull() ? fallback : v.asText();
    }

    boolean flag(String key, boolean fallback) {
        JsonNode v = config.path(key);
        return v.isMissingNode() || v.isNull() ? fallback : v.asBoolean();
    }

    /** For messages: {@code layer 'Conv1' (Conv2D)}. */
    String label() {
        return "layer '" + name + "' (" + className + ")";
    }
}
