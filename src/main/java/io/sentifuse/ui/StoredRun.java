package io.sentifuse.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.files.Json;
import io.sentifuse.run.RunDir;
import io.sentifuse.train.EpochStats;
import io.sentifuse.train.IterationStats;
import io.sentifuse.train.RunEnded;
import io.sentifuse.train.RunStarted;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run folder read back for the project's page: {@value RunEventLog#FILE} when the UI recorder wrote one
 * (read incrementally, so a run another process is training grows on the page), otherwise the trainer's
 * {@value #METRICS_FILE} (epoch figures only) and the name and head from {@code config.yaml}.
 */
final class StoredRun {

    static final String METRICS_FILE = "metrics.jsonl";

    private static final Logger LOG = LoggerFactory.getLogger(StoredRun.class);

    private final Path dir;
    private final String id;
    private RunHistory history;
    private long eventsOffset;
    private long metricsStamp = -1;
    private int skippedLines;

    StoredRun(Path dir, String id) {
        this.dir = dir;
        this.id = id;
        this.history = new RunHistory(id);
    }

    /** Whether {@code dir} looks like a run folder this page can show. */
    static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunEventLog.FILE)) || Files.isRegularFile(dir.resolve(METRICS_FILE))
                || Files.isRegularFile(dir.resolve(RunDir.CONFIG_FILE));
    }

    Path dir() {
        return dir;
    }

    /** Reads what was appended since the last call and returns the (shared, growing) history. */
    synchronized RunHistory refresh() {
        Path events = dir.resolve(RunEventLog.FILE);
        if (Files.isRegularFile(events)) {
            readEvents(events);
        } else {
            readMetricsAndConfig();
        }
        return history;
    }

    /** A stamp that changes whenever the files a run is read from change. */
    static long stamp(Path dir) {
        long s = 0;
        for (String f : List.of(RunEventLog.FILE, METRICS_FILE)) {
            try {
                Path p = dir.resolve(f);
                if (Files.isRegularFile(p)) {
                    s = s * 31 + Files.size(p) * 7 + Files.getLastModifiedTime(p).toMillis();
                }
            } catch (IOException e) {
                return -1;
            }
        }
        return s;
    }

    private void readEvents(Path events) {
        try (RandomAccessFile f = new RandomAccessFile(events.toFile(), "r")) {
            long length = f.length();
            if (length < eventsOffset) {
                // Rewritten from scratch: start over.
                history = new RunHistory(id);
                eventsOffset = 0;
            }
            if (length == eventsOffset) {
                return;
            }
            byte[] bytes = new byte[Math.toIntExact(length - eventsOffset)];
            f.seek(eventsOffset);
            f.readFully(bytes);
            int consumed = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                String line = new String(bytes, consumed, i - consumed, StandardCharsets.UTF_8).strip();
                consumed = i + 1;
                if (!line.isEmpty() && !RunEventLog.decode(line, dir, this::apply)) {
                    skippedLines++;
                    LOG.debug("{}: skipped a line that is not a training event", events);
                }
            }
            // A line without its newline yet is being written (or was torn by a kill): read it next time.
            eventsOffset += consumed;
        } catch (IOException | ArithmeticException e) {
            LOG.warn("cannot read {}: {}", events, e.toString());
        }
    }

    private void apply(Object event, long timeMillis) {
        if (event instanceof RunStarted e) {
            history.start(e, timeMillis);
        } else if (event instanceof IterationStats s) {
            history.add(s);
        } else if (event instanceof EpochStats e) {
            history.add(e);
        } else if (event instanceof RunEnded e) {
            history.end(e, timeMillis);
        }
    }

    private void readMetricsAndConfig() {
        Path metrics = dir.resolve(METRICS_FILE);
        long stamp = stamp(dir);
        if (stamp == metricsStamp) {
            return;
        }
        metricsStamp = stamp;
        RunHistory fresh = new RunHistory(id);
        fresh.start(new RunStarted(dir, configName(), configHead(), 0, 0, 0, 0, Map.of()), 0);
        if (Files.isRegularFile(metrics)) {
            try {
                for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        JsonNode n = Json.mapper().readTree(line);
                        if (n != null && n.has("epoch")) {
                            fresh.add(RunEventLog.epoch(n));
                        }
                    } catch (IOException e) {
                        skippedLines++;
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot read {}: {}", metrics, e.toString());
            }
        }
        history = fresh;
    }

    private ExperimentConfig config;

    private ExperimentConfig config() {
        if (config == null && Files.isRegularFile(dir.resolve(RunDir.CONFIG_FILE))) {
            try {
                config = ConfigLoader.load(dir.resolve(RunDir.CONFIG_FILE), List.of());
            } catch (RuntimeException e) {
                LOG.debug("{}: config not readable by this build: {}", dir, e.getMessage());
            }
        }
        return config;
    }

    private String configName() {
        ExperimentConfig c = config();
        return c == null ? id : c.name();
    }

    private String configHead() {
        ExperimentConfig c = config();
        return c == null || c.fusion() == null ? "" : c.fusion().head();
    }

    /** Lines that were not events (torn by a kill, or foreign); for diagnostics and tests. */
    synchronized int skippedLines() {
        return skippedLines;
    }
}
