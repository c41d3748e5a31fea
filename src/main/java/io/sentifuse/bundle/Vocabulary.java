package io.sentifuse.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token strings by id, read from a tokenizer file ({@code tokenizer.json}'s model vocabulary and added tokens, or a
 * {@code vocab.txt}), so that attention over token ids can be shown as words. Decoding only; ids come from the
 * tokenizer itself.
 */
final class Vocabulary {

    private final Map<Long, String> tokens;

    private Vocabulary(Map<Long, String> tokens) {
        this.tokens = tokens;
    }

    static Vocabulary read(Path file) {
        Map<Long, String> out = new HashMap<>();
        try {
            if (file.getFileName().toString().endsWith(".json")) {
                JsonNode root = Json.mapper().readTree(file.toFile());
                root.at("/model/vocab").fields().forEachRemaining(e -> out.put(e.getValue().asLong(), e.getKey()));
                for (JsonNode added : root.path("added_tokens")) {
                    out.put(added.path("id").asLong(), added.path("content").asText());
                }
            } else {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    out.put((long) i, lines.get(i));
                }
            }
        } catch (IOException | RuntimeException e) {
            // attention is shown by id then; predictions do not depend on this
            return new Vocabulary(Map.of());
        }
        return new Vocabulary(out);
    }

    String token(long id) {
        return tokens.getOrDefault(id, "#" + id);
    }
}
