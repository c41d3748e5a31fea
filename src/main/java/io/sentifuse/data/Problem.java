package io.sentifuse.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Why one item of a dataset cannot be used: a bad line of a label file, an unreadable text, a missing or
 * corrupt image. Skipped items are listed with these; under the {@code fail} policy the first one stops
 * the run with {@link #message()}.
 *
 * @param id      the pair's id, or null where the line has none
 * @param path    the file at fault (label file, text or image), as the dataset path resolves it
 * @param line    1-based line (record) in the label or manifest file, or null for file-level problems
 * @param problem what is wrong, e.g. "truncated JPEG: ..."
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "path", "line", "problem"})
public record Problem(String id, String path, Integer line, String problem) {

    /** One sentence naming the file, line and id: what an error under the fail policy says. */
    public String message() {
        StringBuilder s = new StringBuilder(path);
        if (line != null) {
            s.append(" line ").append(line);
        }
        if (id != null) {
            s.append(line != null ? " (id " + id + ")" : " (pair " + id + ")");
        }
        return s.append(": ").append(problem).toString();
    }
}
