package io.sentifuse.ui;

import io.sentifuse.config.UiConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.train.EpochStats;
import io.sentifuse.train.IterationStats;
import io.sentifuse.train.RunEnded;
import io.sentifuse.train.RunStarted;
import io.sentifuse.train.TrainingListener;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop's one entry point to the UI: a {@link TrainingListener} that records a run for the
 * browser and, when {@code ui.enabled}, shows it live.
 *
 * <pre>{@code
 * try (UiSession ui = UiSession.open(config.ui(), runDir.path())) {
 *     ui.url().ifPresent(url -> log.info("live training curves at {}", url));
 *     trainer.fit(..., ui);              // the trainer calls onStart / onIteration / onEpoch / onEnd
 * }
 * }</pre>
 *
 * <p>Always: every event goes to the run folder's {@value RunEventLog#FILE} (the project's page reads it,
 * also for runs trained in another process) and to {@value #STATS_FILE} (DL4J's stats format, thinned to what
 * its synced writes allow, for the stock {@code /train} pages of {@code sentifuse ui}). With
 * {@code ui.enabled}: the UI server runs on {@code ui.host:ui.port} (loopback by default, see
 * {@link UiServer}) and shows this run as it trains (every iteration, also on {@code /train}), beside the other
 * runs of the same runs folder. Listener calls only update memory and queue the file writes for a
 * background thread; nothing here throws into the training loop. {@link #close()} flushes the files and
 * ends the server lease (the server stops with its last lease).
 */
public final class UiSession implements TrainingListener, AutoCloseable {

    /** DL4J stats of the run ({@code FileStatsStorage}), for the stock {@code /train} pages. */
    public static final String STATS_FILE = "ui-stats.dl4j";

    private static final Logger LOG = LoggerFactory.getLogger(UiSession.class);
    /** Queued file writes beyond this are dropped (counted); the live page still has every event. */
    private static final int MAX_QUEUED_WRITES = 50_000;
    /** With more writes than this queued, the DL4J stats file skips iterations until the writer catches up. */
    private static final int BEHIND = 1_000;

    private final Path runDir;
    private final RunHistory history;
    private final UiServer server;
    private final RunEventLog eventLog;
    private final FileStatsStorage stats;
    private final InMemoryStatsStorage liveStats;
    private final Dl4jStatsWriter statsWriter;
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped = new AtomicLong();
    private boolean closed;

    private UiSession(Path runDir, RunHistory history, UiServer server, RunEventLog eventLog, FileStatsStorage stats,
                      InMemoryStatsStorage liveStats) {
        this.runDir = runDir;
        this.history = history;
        this.server = server;
        this.eventLog = eventLog;
        this.stats = stats;
        this.liveStats = liveStats;
        this.statsWriter = stats == null && liveStats == null ? null : new Dl4jStatsWriter(liveStats, stats);
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(MAX_QUEUED_WRITES), r -> {
                    Thread t = new Thread(r, "sentifuse-ui-writer-" + runDir.getFileName());
                    t.setDaemon(true);
                    return t;
                }, (task, executor) -> {
                    if (dropped.getAndIncrement() == 0) {
                        LOG.warn("UI stats writes fall behind training; dropping some from {} (the live page keeps them)", runDir);
                    }
                });
    }

    /**
     * Starts recording {@code runDir} and, when {@code config.enabled()}, serves it live.
     *
     * @throws UserInputException when the UI server cannot start on the configured address (e.g. the
     *                            port is in use)
     */
    public static UiSession open(UiConfig config, Path runDir) {
        Path dir = runDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserInputException("cannot create run folder " + dir + ": " + e.getMessage(), e);
        }
        UiServer server = config.enabled() ? UiServer.start(config.host(), config.port()) : null;
        // A resumed run's page starts from what was recorded before the restart.
        RunHistory history = new StoredRun(dir, dir.getFileName().toString()).refresh();
        RunEventLog log = new RunEventLog(dir);
        FileStatsStorage stats = null;
        try {
            stats = new FileStatsStorage(dir.resolve(STATS_FILE).toFile());
        } catch (RuntimeException e) {
            LOG.warn("DL4J stats file {} not available ({}); sentifuse ui will not show this run on /train",
                    dir.resolve(STATS_FILE), e.toString());
        }
        InMemoryStatsStorage liveStats = null;
        if (server != null) {
            // The stock pages read every iteration from memory; the file keeps a thinned copy (see Dl4jStatsWriter).
            liveStats = new InMemoryStatsStorage();
            server.attach(liveStats);
            server.catalog().watch(dir.getParent());
            server.catalog().addLive(dir, history);
        }
        return new UiSession(dir, history, server, log, stats, liveStats);
    }

    /** The page that shows this run live, when the server runs. */
    public Optional<String> url() {
        if (server == null) {
            return Optional.empty();
        }
        return Optional.of(server.pageUrl() + "?run=" + URLEncoder.encode(runDir.getFileName().toString(), StandardCharsets.UTF_8));
    }

    /** The server this session leases, when {@code ui.enabled}; e.g. to attach an Arbiter stats storage. */
    public Optional<UiServer> server() {
        return Optional.ofNullable(server);
    }

    @Override
    public void onStart(RunStarted event) {
        guard("start", () -> history.start(event, System.currentTimeMillis()));
        submit(() -> {
            eventLog.write(event);
            if (statsWriter != null) {
                statsWriter.start(event);
            }
        });
    }

    @Override
    public void onIteration(IterationStats stats) {
        guard("iteration", () -> history.add(stats));
        submit(() -> {
            eventLog.write(stats);
            if (statsWriter != null) {
                statsWriter.iteration(stats, writer.getQueue().size() < BEHIND);
            }
        });
    }

    @Override
    public void onEpoch(EpochStats stats) {
        guard("epoch", () -> history.add(stats));
        submit(() -> {
            eventLog.write(stats);
            eventLog.flush();
            if (statsWriter != null) {
                statsWriter.flushFile();
            }
        });
    }

    @Override
    public void onEnd(RunEnded event) {
        guard("end", () -> history.end(event, System.currentTimeMillis()));
        submit(() -> {
            eventLog.write(event);
            eventLog.flush();
            if (statsWriter != null) {
                statsWriter.flushFile();
            }
        });
    }

    private interface Write {
        void run() throws Exception;
    }

    private void submit(Write write) {
        try {
            writer.execute(() -> {
                guard("write", write);
                if (writer.getQueue().isEmpty()) {
                    // Idle: make what was written visible to readers in other processes.
                    guard("flush", eventLog::flush);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("UI write not queued for {}: {}", runDir, e.toString());
        }
    }

    private void guard(String what, Write action) {
        try {
            action.run();
        } catch (Exception e) {
            LOG.warn("UI recorder ({}) failed for {}: {}", what, runDir, e.toString());
        }
    }

    /** Waits for queued writes, closes the files, and ends the server lease. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.shutdown();
        try {
            if (!writer.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("UI writer for {} did not finish in 60 s; some stats may be missing", runDir);
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (dropped.get() > 0) {
            LOG.warn("{} UI stats writes were dropped for {} (training outpaced the disk)", dropped.get(), runDir);
        }
        guard("close events", eventLog::close);
        if (statsWriter != null) {
            guard("flush stats", statsWriter::flushFile);
        }
        if (server != null) {
            server.catalog().removeLive(runDir);
            guard("detach", () -> server.detach(liveStats));
            guard("close live stats", liveStats::close);
        }
        if (stats != null) {
            guard("close stats", stats::close);
        }
        if (server != null) {
            server.close();
        }
    }
}
