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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@value #METRICS_FILE} (one JSON object per epoch: epoch, iteration, train_loss, val {loss,
 * accuracy, weighted_f1, macro_f1, per_class, confusion}, best, lr, seconds) and {@value #ITERATIONS_FILE}
 * (one compact object per step: i, epoch, loss, lr, grad_norm, ms, and update ratios on sampled steps).
 * Both are appended and flushed at every epoch end, before the epoch's checkpoint is written, so a
 * checkpoint never refers to lines that are not on disk. A failed write stops the run (the metrics are its
 * record; the last checkpoint stays resumable).
 */
public final class MetricsWriter implements TrainingListener, AutoCloseable {

    public static final String METRICS_FILE = "metrics.jsonl";
    public static final String ITERATIONS_FILE = "iterations.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsWriter.class);

    private final Path runDir;
    private BufferedWriter metrics;
    private BufferedWriter iterations;
    private Map<String, Double> lastLearningRates = Map.of();

    public MetricsWriter(Path runDir) {
        this.runDir = runDir;
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
        if (!s.updateRatios().isEmpty()) {
            line.put("update_ratios", s.updateRatios());
            line.put("param_norms", s.parameterNorms());
        }
        write(iterations, line, false);
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
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics files in " + runDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEnd(RunEnded event) {
        close();
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
