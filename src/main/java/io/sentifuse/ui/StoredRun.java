package io.sentifuse.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.run.RunDir;
import io.sentifuse.train.EpochStats;
import io.sentifuse.train.IterationStats;
import io.sentifuse.train.MetricsWriter;
import io.sentifuse.train.TrainingReport;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run folder read back for the project's page from the trainer's own files (see {@link TrainerRecords}):
 * {@value MetricsWriter#ITERATIONS_FILE} and {@value MetricsWriter#METRICS_FILE} are read incrementally, so a
 * run that another process trains grows on the page; the start and end are re-read when the provenance,
 * report or config change. When the trainer rewrites its files (a resumed run drops what followed its
 * checkpoint) the run is read again from scratch.
 */
final class StoredRun {

    private final Path dir;
    private final String id;
    private RunHistory history;
    private JsonLinesTail iterations;
    private JsonLinesTail epochs;
    private long metaStamp;
    private ExperimentConfig config;
    private boolean configRead;

    StoredRun(Path dir, String id) {
        this.dir = dir;
        this.id = id;
        reset();
    }

    private void reset() {
        history = new RunHistory(id);
        iterations = new JsonLinesTail(dir.resolve(MetricsWriter.ITERATIONS_FILE));
        epochs = new JsonLinesTail(dir.resolve(MetricsWriter.METRICS_FILE));
        metaStamp = Long.MIN_VALUE;
    }

    /** Whether {@code dir} looks like a run folder this page can show. */
    static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunDir.CONFIG_FILE))
                || Files.isRegularFile(dir.resolve(MetricsWriter.METRICS_FILE))
                || Files.isRegularFile(dir.resolve(MetricsWriter.ITERATIONS_FILE));
    }

    /** A stamp that changes whenever the files a run is read from change. */
    static long stamp(Path dir) {
        return TrainerRecords.stamp(dir, MetricsWriter.ITERATIONS_FILE, MetricsWriter.METRICS_FILE,
                RunDir.PROVENANCE_FILE, TrainingReport.JSON_FILE);
    }

    Path dir() {
        return dir;
    }

    /** Reads what changed since the last call and returns the (shared, growing) history. */
    synchronized RunHistory refresh() {
        JsonLinesTail.Batch its = iterations.poll();
        JsonLinesTail.Batch eps = epochs.poll();
        if (its.restarted() || eps.restarted()) {
            reset();
            its = iterations.poll();
            eps = epochs.poll();
        }
        long stamp = TrainerRecords.metaStamp(dir);
        TrainerRecords.Meta meta = null;
        if (stamp != metaStamp) {
            metaStamp = stamp;
            meta = TrainerRecords.meta(dir, config());
            // (Re)starting clears an end recorded before: a resumed run is running again.
            history.start(meta.start(), meta.startTime());
        }
        for (JsonNode n : its.lines()) {
            IterationStats s = TrainerRecords.iteration(n);
            if (s != null) {
                history.add(s);
            }
        }
        for (JsonNode n : eps.lines()) {
            EpochStats e = TrainerRecords.epoch(n);
            if (e != null) {
                history.add(e);
            }
        }
        if (meta != null && meta.end() != null) {
            history.end(meta.end(), meta.endTime());
        }
        return history;
    }

    /** The folder's configuration, read once (a run's config.yaml does not change). */
    private ExperimentConfig config() {
        if (!configRead) {
            config = TrainerRecords.config(dir);
            configRead = config != null;
        }
        return config;
    }

    /** Complete lines of the trainer's files that were not JSON objects; for diagnostics and tests. */
    synchronized int skippedLines() {
        return iterations.skippedLines() + epochs.skippedLines();
    }
}
