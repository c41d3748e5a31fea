package io.sentifuse.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.errors.UserInputException;

/** Typed reads of tokenizer.json fields; anything malformed becomes a {@link UserInputException} naming file and field. */
final class JsonFields {

    private final String file;

    JsonFields(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    UserInputException error(String path, String problem) {
        return new UserInputException(file + ": " + path + ": " + problem);
    }

    /** The object at {@code path}, or null when absent or JSON null. */
    JsonNode object(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw error(path, "expected an object, found " + kind(node));
        }
        return node;
    }

    String string(JsonNode parent, String field, String path, String fallback) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw error(path, "expected a string, found " + kind(node));
        }
        return node.asText();
    }

    boolean bool(JsonNode parent, String field, String path, boolean fallback) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw error(path, "expected true or false, found " + kind(node));
        }
        return node.asBoolean();
    }

    /** A boolean that may be null (HuggingFace's {@code Option<bool>}). */
    Boolean optionalBool(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? null : bool(parent, field, path, false);
    }

    int integer(JsonNode parent, String field, String path, int fallback) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw error(path, "expected an integer, found " + kind(node));
        }
        return node.asInt();
    }

    JsonNode array(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isArray()) {
            throw error(path, "expected an array, found " + kind(node));
        }
        return node;
    }

    static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "the string \"" + node.asText() + "\"";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + abbreviate(node.toString());
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
