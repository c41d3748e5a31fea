package io.sentifuse.train;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/** Helpers for the run's JSON Lines files. */
final class JsonLines {

    private JsonLines() {
    }

    /**
     * Keeps only the complete, parseable lines that {@code keep} accepts, rewriting the file atomically. A
     * resumed run uses it to drop what was written after its checkpoint (including a line cut by the kill).
     */
    static void retain(Path file, Predicate<JsonNode> keep) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            StringBuilder out = new StringBuilder();
            int start = 0;
            while (start < text.length()) {
                int end = text.indexOf('\n', start);
                if (end < 0) {
                    break; // an unterminated last line was cut by the kill
                }
                String line = text.substring(start, end);
                start = end + 1;
                JsonNode node;
                try {
                    node = Json.mapper().readTree(line);
                } catch (IOException e) {
                    continue;
                }
                if (node != null && keep.test(node)) {
                    out.append(line).append('\n');
                }
            }
            AtomicFiles.writeString(file, out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file, e);
        }
    }
}
