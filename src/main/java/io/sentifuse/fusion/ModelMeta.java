package io.sentifuse.fusion;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.data.Label;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The checks every saved model folder passes before it is loaded: both files present, format tag, class list. */
public final class ModelMeta {

    private ModelMeta() {
    }

    /**
     * Reads {@code dir/metaFile} after checking that {@code dir/parametersFile} exists too, that its {@code format}
     * is {@code format} and that its {@code classes} are this build's labels in order.
     */
    public static JsonNode read(Path dir, String metaFile, String parametersFile, String format, String kind) {
        Path meta = dir.resolve(metaFile);
        if (!Files.isRegularFile(meta) || !Files.isRegularFile(dir.resolve(parametersFile))) {
            throw new UserInputException(dir + " is not a " + kind + " folder: it needs " + metaFile + " and "
                    + parametersFile);
        }
        JsonNode node = Json.read(meta, JsonNode.class);
        if (!format.equals(node.path("format").asText())) {
            throw new UserInputException(meta + ": 'format' must be " + format + ", got '"
                    + node.path("format").asText() + "'");
        }
        List<String> classes = new ArrayList<>();
        node.path("classes").forEach(c -> classes.add(c.asText()));
        List<String> expected = new ArrayList<>();
        for (Label l : Label.values()) {
            expected.add(l.word());
        }
        if (!classes.equals(expected)) {
            throw new UserInputException(meta + ": 'classes' are " + classes + " but this build's classes are "
                    + expected);
        }
        return node;
    }
}
