package io.sentifuse.train;

import io.sentifuse.eval.ReportMaps;
import io.sentifuse.files.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@value #METRICS_FILE} (one JSON object per epoch: epoch, iteration, train_loss, val {loss,
 * accuracy, weighted_f1, macro_f1, per_class, confusion}, best, lr, seconds, t) and {@value #ITERATIONS_FILE}
 * (one compact object per step: i, epoch, loss, lr, grad_norm, batch, ms, t, and update ratios with parameter
 * norms on sampled steps); {@code t} is the wall-clock time in epoch milliseconds when the step or the epoch's
 * validation ended. Both are appended and flushed at every epoch end, before the epoch's checkpoint is
 * written, so a checkpoint never refers to lines that are not on disk. A failed write stops the run (the
 * metrics are its record; the last checkpoint stays resumable). Iteration lines are also flushed at the end of
 * a step once {@value #FLUSH_INTERVAL_MS} ms have passed since the last flush, so that {@code sentifuse ui} in
 * another process follows a run step by step rather than epoch by epoch.
 *
 * <p>The run's shape and end go to the provenance section {@value #PROVENANCE_SECTION}: total_epochs,
 * iterations_per_epoch, start_epoch, start_iteration, parameter_counts and t when a run starts or resumes,
 * plus {@code end} {reason, epochs_run, best_epoch, t} when it stops (also when it fails). With these files a
 * reader (the UI of {@code sentifuse ui}) can rebuild every event the listeners saw.
 */
public final class MetricsWriter implements TrainingListener, AutoCloseable {

    public static final String METRICS_FILE = "metrics.jsonl";
    public static final String ITERATIONS_FILE = "iterations.jsonl";
    /** The provenance section with the run's start and end (see the class comment). */
    public static final String PROVENANCE_SECTION = "trainer";
    /** How long iteration lines may wait in the buffer (checked as each step ends), for readers in other processes. */
    static final long FLUSH_INTERVAL_MS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsWriter.class);

    private final Path runDir;
    private final BiConsumer<String, Object> provenance;
    private BufferedWriter metrics;
    private BufferedWriter iterations;
    private Map<String, Double> lastLearningRates = Map.of();
    private Map<String, Object> started = Map.of();
    private long lastFlushNanos = System.nanoTime();

    /**
     * @param provenance records one provenance section ({@code RunDir::recordProvenance})
     */
    public MetricsWriter(Path runDir, BiConsumer<String, Object> provenance) {
        this.runDir = runDir;
        this.provenance = provenance;
    }

    @Override
    public void onStart(RunStarted event) {
        try {
            close();
            metrics = open(runDir.resolve(METRICS_FILE));
            iterations = open(runDir.resolve(ITERATIONS_FILE));
        } catch (IOException e) {
            // the metrics files are the run's record: training on without them would lose it silently
            throw new UncheckedIOException("cannot open the metrics files in " + runDir + ": " + e.getMessage(), e);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("total_epochs", event.totalEpochs());
        s.put("iterations_per_epoch", event.iterationsPerEpoch());
        s.put("start_epoch", event.startEpoch());
        s.put("start_iteration", event.startIteration());
        s.put("parameter_counts", event.parameterCounts());
        s.put("t", System.currentTimeMillis());
        started = s;
        // replaces the section of an earlier attempt, end included: a resumed run is running again
        provenance.accept(PROVENANCE_SECTION, s);
    }

    private static BufferedWriter open(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Override
    public void onIteration(IterationStats s) {
        lastLearningRates = s.learningRates();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("i", s.iteration());
        line.put("epoch", s.epoch());
        line.put("loss", s.loss());
        line.put("lr", s.learningRates());
        line.put("grad_norm", s.gradientNorm());
        line.put("batch", s.batchSize());
        line.put("ms", s.millis());
        line.put("t", s.timestampMillis());
        if (!s.updateRatios().isEmpty()) {
            line.put("update_ratios", s.updateRatios());
            line.put("param_norms", s.parameterNorms());
        }
        boolean due = System.nanoTime() - lastFlushNanos >= FLUSH_INTERVAL_MS * 1_000_000;
        write(iterations, line, due);
    }

    @Override
    public void onEpoch(EpochStats s) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("epoch", s.epoch());
        line.put("iteration", s.iteration());
        line.put("train_loss", s.trainLoss());
        line.put("val", ReportMaps.nest(s.validation()));
        line.put("best", s.best());
        line.put("lr", lastLearningRates);
        line.put("seconds", s.seconds());
        line.put("t", s.timestampMillis());
        write(iterations, null, true);
        write(metrics, line, true);
    }

    private void write(BufferedWriter out, Map<String, Object> line, boolean flush) {
        if (out == null) {
            return;
        }
        try {
            if (line != null) {
                out.write(Json.line(line));
                out.write('\n');
            }
            if (flush) {
                out.flush();
                lastFlushNanos = System.nanoTime();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics files in " + runDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEnd(RunEnded event) {
        close();
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("reason", event.reason());
        end.put("epochs_run", event.epochsRun());
        end.put("best_epoch", event.bestEpoch());
        end.put("t", System.currentTimeMillis());
        Map<String, Object> s = new LinkedHashMap<>(started);
        s.put("end", end);
        provenance.accept(PROVENANCE_SECTION, s);
    }

    @Override
    public void close() {
        for (BufferedWriter w : new BufferedWriter[] {metrics, iterations}) {
            if (w != null) {
                try {
                    w.close();
                } catch (IOException e) {
                    LOG.warn("cannot close metrics file in {}: {}", runDir, e.toString());
                }
            }
        }
        metrics = null;
        iterations = null;
    }
}
