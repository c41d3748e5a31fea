package io.sentifuse.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.repro.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading a run folder's JSON Lines files in tests, minus the fields that measure wall time. */
final class RunFiles {

    private RunFiles() {
    }

    static List<JsonNode> lines(Path file, String... dropFields) {
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                ObjectNode node = (ObjectNode) Json.mapper().readTree(line);
                for (String f : dropFields) {
                    node.remove(f);
                }
                out.add(node);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> metrics(Path run) {
        return lines(run.resolve(MetricsWriter.METRICS_FILE), "seconds");
    }

    static List<JsonNode> iterations(Path run) {
        return lines(run.resolve(MetricsWriter.ITERATIONS_FILE), "ms");
    }

    /** The only run folder under {@code runs}. */
    static Path onlyRun(Path runs) {
        try (var s = Files.list(runs)) {
            List<Path> all = s.filter(Files::isDirectory).toList();
            if (all.size() != 1) {
                throw new IllegalStateException("expected one run folder in " + runs + ", found " + all);
            }
            return all.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
