package io.sentifuse.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.files.Json;
import io.sentifuse.train.EpochStats;
import io.sentifuse.train.IterationStats;
import io.sentifuse.train.RunEnded;
import io.sentifuse.train.RunStarted;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The run folder's {@value #FILE}: every training event as one JSON line ({@code type} = start, iteration,
 * epoch or end), appended as it happens. The project's page reads it back for stored runs and for runs
 * that another process is training. A kill can leave a torn last line; readers skip it.
 */
final class RunEventLog implements AutoCloseable {

    static final String FILE = "ui-events.jsonl";

    private final BufferedWriter out;

    RunEventLog(Path runDir) {
        try {
            out = Files.newBufferedWriter(runDir.resolve(FILE), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + runDir.resolve(FILE) + " for appending", e);
        }
    }

    void write(Object event) throws IOException {
        out.write(Json.line(encode(event)));
        out.write('\n');
    }

    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    static Map<String, Object> encode(Object event) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (event instanceof RunStarted e) {
            m.put("type", "start");
            m.put("run_name", e.runName());
            m.put("head", e.head());
            m.put("total_epochs", e.totalEpochs());
            m.put("iterations_per_epoch", e.iterationsPerEpoch());
            m.put("start_epoch", e.startEpoch());
            m.put("start_iteration", e.startIteration());
            m.put("parameter_counts", e.parameterCounts());
            m.put("t", System.currentTimeMillis());
        } else if (event instanceof IterationStats s) {
            m.put("type", "iteration");
            m.put("iteration", s.iteration());
            m.put("epoch", s.epoch());
            m.put("loss", s.loss());
            m.put("lr", s.learningRates());
            m.put("grad_norm", s.gradientNorm());
            if (s.updateRatios() != null && !s.updateRatios().isEmpty()) {
                m.put("update_ratios", s.updateRatios());
            }
            m.put("batch_size", s.batchSize());
            m.put("millis", s.millis());
            m.put("t", s.timestampMillis());
        } else if (event instanceof EpochStats e) {
            m.put("type", "epoch");
            m.put("epoch", e.epoch());
            m.put("iteration", e.iteration());
            m.put("train_loss", e.trainLoss());
            m.put("val", e.validation());
            m.put("best", e.best());
            m.put("seconds", e.seconds());
            m.put("t", e.timestampMillis());
        } else if (event instanceof RunEnded e) {
            m.put("type", "end");
            m.put("reason", e.reason());
            m.put("epochs_run", e.epochsRun());
            m.put("best_epoch", e.bestEpoch());
            m.put("t", System.currentTimeMillis());
        } else {
            throw new IllegalArgumentException("not a training event: " + event.getClass().getName());
        }
        return m;
    }

    /**
     * Turns one line back into its event and passes it on with the line's time ({@code t}, epoch millis, 0
     * when absent); {@code runDir} fills {@link RunStarted#runDir()}.
     *
     * @return false when the line is not a complete event (torn or foreign), which callers skip
     */
    static boolean decode(String line, Path runDir, BiConsumer<Object, Long> sink) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(line);
        } catch (IOException e) {
            return false;
        }
        if (n == null || !n.isObject()) {
            return false;
        }
        long t = n.path("t").asLong(0);
        switch (n.path("type").asText()) {
            case "start" -> sink.accept(new RunStarted(runDir, n.path("run_name").asText(""), n.path("head").asText(""),
                    n.path("total_epochs").asInt(), n.path("iterations_per_epoch").asInt(), n.path("start_epoch").asInt(),
                    n.path("start_iteration").asLong(), longs(n.path("parameter_counts"))), t);
            case "iteration" -> sink.accept(new IterationStats(n.path("iteration").asLong(), n.path("epoch").asInt(),
                    num(n.path("loss")), doubles(n.path("lr")), num(n.path("grad_norm")),
                    doubles(n.path("update_ratios")), Map.of(), n.path("batch_size").asInt(),
                    n.path("millis").asLong(), t), t);
            case "epoch" -> sink.accept(epoch(n), t);
            case "end" -> sink.accept(new RunEnded(n.path("reason").asText("completed"), n.path("epochs_run").asInt(),
                    n.path("best_epoch").asInt(-1)), t);
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * An epoch line, ours or the trainer's {@code metrics.jsonl} (which may name the fields
     * {@code validation}/{@code trainLoss}/{@code timestamp_millis}; all are accepted).
     */
    static EpochStats epoch(JsonNode n) {
        JsonNode val = n.has("val") ? n.get("val") : n.path("validation");
        JsonNode loss = n.has("train_loss") ? n.get("train_loss") : n.path("trainLoss");
        JsonNode t = n.has("t") ? n.get("t") : n.has("timestamp_millis") ? n.get("timestamp_millis") : n.path("timestamp");
        return new EpochStats(n.path("epoch").asInt(), n.path("iteration").asLong(), num(loss), doubles(val),
                n.path("best").asBoolean(false), num(n.path("seconds")), t.asLong(0));
    }

    /** A number, or NaN for null, absent or a non-numeric string ("NaN" reads back as NaN). */
    static double num(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return Double.NaN;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        try {
            return Double.parseDouble(n.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Map<String, Double> doubles(JsonNode n) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isValueNode()) {
                m.put(e.getKey(), num(e.getValue()));
            }
        }
        return m;
    }

    private static Map<String, Long> longs(JsonNode n) {
        Map<String, Long> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }
}
