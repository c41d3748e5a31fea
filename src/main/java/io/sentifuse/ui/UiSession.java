package io.sentifuse.ui;

import io.sentifuse.config.UiConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.train.EpochStats;
import io.sentifuse.train.IterationStats;
import io.sentifuse.train.RunEnded;
import io.sentifuse.train.RunStarted;
import io.sentifuse.train.TrainingListener;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run shown live while this process trains it ({@code ui.enabled}, {@code --ui}): a {@link TrainingListener}
 * that feeds the project's page (a {@link RunHistory} in the {@link RunCatalog}) and the stock {@code /train}
 * pages (an in-memory DL4J stats storage) with every event, on the UI server it leases.
 *
 * <pre>{@code
 * try (UiSession ui = UiSession.open(config.ui(), runDir.path())) {
 *     log.info("live training curves at {}", ui.url());
 *     trainer.fit(..., ui);              // the trainer calls onStart / onIteration / onEpoch / onEnd
 * }
 * }</pre>
 *
 * <p>It writes nothing: the trainer's own files ({@code iterations.jsonl}, {@code metrics.jsonl}, provenance)
 * are what {@code sentifuse ui} reads back later. Listener calls only update memory; nothing here throws into
 * the training loop. {@link #close()} removes the live entry (the run stays listed, read from its files) and
 * ends the server lease (the server stops with its last lease).
 */
public final class UiSession implements TrainingListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UiSession.class);

    private final Path runDir;
    private final RunHistory history;
    private final UiServer server;
    private final InMemoryStatsStorage liveStats;
    private Dl4jStatsWriter statsWriter;
    private boolean closed;

    private UiSession(Path runDir, RunHistory history, UiServer server, InMemoryStatsStorage liveStats) {
        this.runDir = runDir;
        this.history = history;
        this.server = server;
        this.liveStats = liveStats;
    }

    /**
     * Serves {@code runDir} live on {@code config.host():config.port()}.
     *
     * @throws IllegalArgumentException when {@code config.enabled()} is false (nothing to show it on)
     * @throws UserInputException       when the UI server cannot start on the configured address (e.g. the
     *                                  port is in use)
     */
    public static UiSession open(UiConfig config, Path runDir) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("a live UI session needs ui.enabled (--ui)");
        }
        Path dir = runDir.toAbsolutePath().normalize();
        UiServer server = UiServer.start(config.host(), config.port());
        // A resumed run's page starts from what its files hold from before the restart.
        RunHistory history = new StoredRun(dir, dir.getFileName().toString()).refresh();
        InMemoryStatsStorage liveStats = new InMemoryStatsStorage();
        server.attach(liveStats);
        server.catalog().watch(dir.getParent());
        server.catalog().addLive(dir, history);
        return new UiSession(dir, history, server, liveStats);
    }

    /** The page that shows this run live. */
    public String url() {
        return server.pageUrl() + "?run=" + URLEncoder.encode(runDir.getFileName().toString(), StandardCharsets.UTF_8);
    }

    /** The server this session leases; e.g. to attach an Arbiter stats storage. */
    public UiServer server() {
        return server;
    }

    @Override
    public void onStart(RunStarted event) {
        long now = System.currentTimeMillis();
        guard("start", () -> history.start(event, now));
        guard("start stats", () -> {
            statsWriter = Dl4jStatsWriter.live(liveStats, Dl4jStatsWriter.sessionId(event));
            statsWriter.start(event, now);
        });
    }

    @Override
    public void onIteration(IterationStats stats) {
        guard("iteration", () -> history.add(stats));
        if (statsWriter != null) {
            guard("iteration stats", () -> statsWriter.iteration(stats));
        }
    }

    @Override
    public void onEpoch(EpochStats stats) {
        guard("epoch", () -> history.add(stats));
    }

    @Override
    public void onEnd(RunEnded event) {
        guard("end", () -> history.end(event, System.currentTimeMillis()));
    }

    private interface Action {
        void run() throws Exception;
    }

    private void guard(String what, Action action) {
        try {
            action.run();
        } catch (Exception e) {
            LOG.warn("live UI ({}) failed for {}: {}", what, runDir, e.toString());
        }
    }

    /** Removes the live entry, detaches the live stats and ends the server lease. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.catalog().removeLive(runDir);
        guard("detach", () -> server.detach(liveStats));
        guard("close live stats", liveStats::close);
        server.close();
    }
}
