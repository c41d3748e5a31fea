package io.sentifuse.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reading a run folder's JSON Lines files in tests, minus the fields that measure wall time ({@code t} is a clock time). */
public final class RunFiles {

    private RunFiles() {
    }

    public static List<JsonNode> lines(Path file, String... dropFields) {
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

    public static List<JsonNode> metrics(Path run) {
        return lines(run.resolve(MetricsWriter.METRICS_FILE), "seconds", "t");
    }

    public static List<JsonNode> iterations(Path run) {
        return lines(run.resolve(MetricsWriter.ITERATIONS_FILE), "ms", "t");
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

    /** Copies a run folder, e.g. to simulate a crash on the copy while the original stays the reference. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
