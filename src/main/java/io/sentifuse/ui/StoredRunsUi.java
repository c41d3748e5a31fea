package io.sentifuse.ui;

import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sentifuse ui}: the UI server over stored runs. The project's page lists every run under the folder
 * (and runs that appear or grow later) from the trainer's files; the stock {@code /train} pages get each run's
 * {@code iterations.jsonl} replayed into memory ({@link StatsReplay}), at start and then every
 * {@value #POLL_SECONDS} s for what runs trained elsewhere append and for new runs; {@code /arbiter} gets each
 * sweep's {@value ArbiterPage#STATS_FILE}, as found at start.
 */
public final class StoredRunsUi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoredRunsUi.class);
    static final long POLL_SECONDS = 2;

    /**
     * What is being served.
     *
     * @param url           the project's page
     * @param runsDir       the folder served
     * @param runs          run folders found at start
     * @param trainSessions DL4J session ids of the runs shown on {@code /train} at start (runs with iterations)
     * @param statsFiles    DL4J stats files attached to the stock pages (Arbiter sweeps)
     * @param skipped       stats files that could not be opened, each with the reason
     */
    public record Summary(String url, String runsDir, int runs, List<String> trainSessions, List<String> statsFiles,
                          List<String> skipped) {
    }

    private final UiServer server;
    private final Path root;
    private final Map<Path, StatsReplay> replays = new LinkedHashMap<>();
    private final ScheduledExecutorService poller;
    private Summary summary;

    private StoredRunsUi(UiServer server, Path root) {
        this.server = server;
        this.root = root;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sentifuse-ui-stored-runs");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the server on {@code host:port} over {@code runsDir} (a runs folder, a sweep folder or one run).
     *
     * @throws UserInputException when the folder does not exist or the server cannot start there
     */
    public static StoredRunsUi serve(Path runsDir, String host, int port) {
        Path root = runsDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new UserInputException("RUNS_DIR: " + runsDir + " is not a folder (expected a runs folder such as runs/, or one run folder)");
        }
        UiServer server = UiServer.start(host, port);
        StoredRunsUi ui = new StoredRunsUi(server, root);
        try {
            server.catalog().watch(root);
            server.sweeps().watch(root);
            // a sweep's runs sit below runs/sweeps/<sweep>/runs/: list them under the sweep's runs folder
            for (Path sweep : io.sentifuse.sweep.SweepDir.find(root)) {
                server.catalog().watch(sweep.resolve(io.sentifuse.sweep.SweepDir.RUNS));
            }
            List<Path> runs = RunCatalog.runsUnder(root);
            ui.refresh();
            List<String> sessions = new ArrayList<>();
            synchronized (ui.replays) {
                ui.replays.values().stream().filter(r -> r.iterations() > 0).forEach(r -> sessions.add(r.sessionId()));
            }
            List<String> attached = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (Path file : arbiterFiles(root)) {
                try {
                    server.attachFile(file);
                    attached.add(file.toString());
                } catch (RuntimeException e) {
                    // MapDB locks the file while a sweep writes it.
                    String reason = file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage())
                            + " (still being written by a sweep?)";
                    skipped.add(reason);
                    LOG.warn("not shown on the /arbiter page: {}", reason);
                }
            }
            if (runs.isEmpty()) {
                LOG.warn("no runs under {} yet; the page lists them as they appear", root);
            }
            ui.summary = new Summary(server.pageUrl(), root.toString(), runs.size(), sessions, attached, skipped);
            ui.poller.scheduleWithFixedDelay(ui::refreshQuietly, POLL_SECONDS, POLL_SECONDS, TimeUnit.SECONDS);
            return ui;
        } catch (RuntimeException e) {
            ui.close();
            throw e;
        }
    }

    /** Finds new runs and brings every run's {@code /train} session up to its file (the poller calls it). */
    void refresh() {
        synchronized (replays) {
            for (Path run : RunCatalog.runsUnder(root)) {
                replays.computeIfAbsent(run, r -> new StatsReplay(server, r, sessionId(r)));
            }
            for (StatsReplay r : replays.values()) {
                r.poll();
            }
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("cannot refresh the stored runs under {}: {}", root, e.toString());
        }
    }

    /** The run's DL4J session id: its path under the served folder, '/' written as '.' (ids are URL segments). */
    private String sessionId(Path run) {
        return run.equals(root) ? root.getFileName().toString()
                : root.relativize(run).toString().replace('\\', '/').replace('/', '.');
    }

    private static List<Path> arbiterFiles(Path root) {
        try (Stream<Path> s = Files.walk(root, 2)) {
            return s.filter(p -> p.getFileName().toString().equals(ArbiterPage.STATS_FILE) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            LOG.warn("cannot search {} for Arbiter stats: {}", root, e.toString());
            return List.of();
        }
    }

    public Summary summary() {
        return summary;
    }

    public UiServer server() {
        return server;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (replays) {
            replays.values().forEach(StatsReplay::close);
            replays.clear();
        }
        server.close();
    }
}
