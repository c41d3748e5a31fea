package io.sentifuse.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.files.Json;
import io.sentifuse.run.RunDir;
import io.sentifuse.train.EpochStats;
import io.sentifuse.train.IterationStats;
import io.sentifuse.train.MetricsWriter;
import io.sentifuse.train.RunEnded;
import io.sentifuse.train.RunStarted;
import io.sentifuse.train.TrainingReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training events, read back from what the trainer leaves in a run folder: {@value MetricsWriter#ITERATIONS_FILE}
 * lines are {@link IterationStats}, {@value MetricsWriter#METRICS_FILE} lines {@link EpochStats}, and the start
 * and end of a run come from {@value RunDir#CONFIG_FILE} (name, head, epochs), the provenance section
 * {@value MetricsWriter#PROVENANCE_SECTION} (iterations per epoch, parameter counts, the end and its reason) and,
 * for folders written before that section existed, {@value TrainingReport#JSON_FILE}. Missing fields read as
 * 0, NaN or empty, so older folders still load.
 */
final class TrainerRecords {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerRecords.class);

    private TrainerRecords() {
    }

    /**
     * How the folder says the run started and (when it did) ended.
     *
     * @param start     the run's start, as the listeners saw it (the latest start, for a resumed run)
     * @param startTime epoch millis of the start, 0 when unknown
     * @param end       the end, or null while the run has none (running, killed)
     * @param endTime   epoch millis of the end, 0 when unknown
     * @param system    the training machine from provenance ({@code system}: os, java, cores, ...), may be empty
     */
    record Meta(RunStarted start, long startTime, RunEnded end, long endTime, Map<String, String> system) {
    }

    /** One line of {@value MetricsWriter#ITERATIONS_FILE}, or null when it is not one. */
    static IterationStats iteration(JsonNode n) {
        if (!n.path("i").canConvertToLong()) {
            return null;
        }
        return new IterationStats(n.path("i").asLong(), n.path("epoch").asInt(), num(n.path("loss")),
                doubles(n.path("lr")), num(n.path("grad_norm")), doubles(n.path("update_ratios")),
                doubles(n.path("param_norms")), n.path("batch").asInt(), n.path("ms").asLong(), n.path("t").asLong(0));
    }

    /** One line of {@value MetricsWriter#METRICS_FILE}, or null when it is not one; {@code val} keeps its numbers. */
    static EpochStats epoch(JsonNode n) {
        if (!n.path("epoch").canConvertToInt()) {
            return null;
        }
        return new EpochStats(n.path("epoch").asInt(), n.path("iteration").asLong(), num(n.path("train_loss")),
                doubles(n.path("val")), n.path("best").asBoolean(false), num(n.path("seconds")), n.path("t").asLong(0));
    }

    /** Reads the start and end of the run in {@code dir}; {@code config} is the folder's configuration, or null. */
    static Meta meta(Path dir, ExperimentConfig config) {
        JsonNode prov = readJson(dir.resolve(RunDir.PROVENANCE_FILE));
        JsonNode trainer = prov.path(MetricsWriter.PROVENANCE_SECTION);
        JsonNode report = readJson(dir.resolve(TrainingReport.JSON_FILE));
        String name = config != null ? config.name() : report.path("name").asText(dir.getFileName().toString());
        String head = config != null && config.fusion() != null ? config.fusion().head() : report.path("head").asText("");
        int epochs = trainer.path("total_epochs").asInt(config != null ? config.training().epochs()
                : report.path("epochs").asInt());
        Map<String, Long> counts = new LinkedHashMap<>();
        trainer.path("parameter_counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        RunStarted start = new RunStarted(dir, name, head, epochs, trainer.path("iterations_per_epoch").asInt(),
                trainer.path("start_epoch").asInt(), trainer.path("start_iteration").asLong(), counts);
        RunEnded end = null;
        long endTime = 0;
        JsonNode e = trainer.path("end");
        if (e.isObject()) {
            end = new RunEnded(e.path("reason").asText("completed"), e.path("epochs_run").asInt(),
                    e.path("best_epoch").asInt(-1));
            endTime = e.path("t").asLong(0);
        } else if (trainer.isMissingNode() && report.has("stop_reason")) {
            end = new RunEnded(report.path("stop_reason").asText(), report.path("epochs_run").asInt(),
                    report.path("best_epoch").asInt(-1));
        }
        Map<String, String> system = new LinkedHashMap<>();
        prov.path("system").fields().forEachRemaining(f -> system.put(f.getKey(), f.getValue().asText()));
        return new Meta(start, trainer.path("t").asLong(0), end, endTime, system);
    }

    /** The folder's configuration, or null when it has none this build can read. */
    static ExperimentConfig config(Path dir) {
        Path file = dir.resolve(RunDir.CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return ConfigLoader.load(file, List.of());
        } catch (RuntimeException e) {
            LOG.debug("{}: config not readable by this build: {}", dir, e.getMessage());
            return null;
        }
    }

    /** A stamp that changes whenever the files {@link #meta} reads change. */
    static long metaStamp(Path dir) {
        return stamp(dir, RunDir.PROVENANCE_FILE, TrainingReport.JSON_FILE, RunDir.CONFIG_FILE);
    }

    /** Sizes and modification times of {@code files} in {@code dir}, folded into one number. */
    static long stamp(Path dir, String... files) {
        long s = 17;
        for (String f : files) {
            try {
                Path p = dir.resolve(f);
                s = s * 31 + (Files.isRegularFile(p) ? Files.size(p) * 7 + Files.getLastModifiedTime(p).toMillis() : -1);
            } catch (IOException e) {
                s = s * 31 - 2;
            }
        }
        return s;
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode n = Json.mapper().readTree(file.toFile());
            return n == null ? MissingNode.getInstance() : n;
        } catch (IOException e) {
            // Written atomically, so only a foreign or damaged file gets here.
            LOG.warn("cannot read {}: {}", file, e.toString());
            return MissingNode.getInstance();
        }
    }

    /** A number, or NaN for null, absent or a non-numeric string (Jackson writes NaN as "NaN"). */
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

    /** The object's number fields (nested objects and arrays, e.g. per-class figures, are left out). */
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
}
