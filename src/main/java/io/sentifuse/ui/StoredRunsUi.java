package io.sentifuse.ui;

import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sentifuse ui}: the UI server over stored runs. The project's page lists every run under the folder
 * (and runs that appear or grow later); the stock {@code /train} pages get each run's
 * {@value UiSession#STATS_FILE}, and {@code /arbiter} each sweep's {@value ArbiterPage#STATS_FILE}, as found
 * at start.
 */
public final class StoredRunsUi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoredRunsUi.class);

    /**
     * What is being served.
     *
     * @param url        the project's page
     * @param runsDir    the folder served
     * @param runs       run folders found at start
     * @param statsFiles DL4J stats files attached to the stock pages
     * @param skipped    stats files that could not be opened, each with the reason
     */
    public record Summary(String url, String runsDir, int runs, List<String> statsFiles, List<String> skipped) {
    }

    private final UiServer server;
    private final Summary summary;

    private StoredRunsUi(UiServer server, Summary summary) {
        this.server = server;
        this.summary = summary;
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
        try {
            server.catalog().watch(root);
            List<Path> runs = RunCatalog.runsUnder(root);
            List<String> attached = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (Path file : statsFiles(root, runs)) {
                try {
                    server.attachFile(file);
                    attached.add(file.toString());
                } catch (RuntimeException e) {
                    // MapDB locks the file while a training process writes it.
                    String reason = file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage())
                            + " (still being written by a training process?)";
                    skipped.add(reason);
                    LOG.warn("not shown on the /train pages: {}", reason);
                }
            }
            if (runs.isEmpty()) {
                LOG.warn("no runs under {} yet; the page lists them as they appear", root);
            }
            return new StoredRunsUi(server, new Summary(server.pageUrl(), root.toString(), runs.size(), attached, skipped));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static List<Path> statsFiles(Path root, List<Path> runs) {
        List<Path> out = new ArrayList<>();
        for (Path run : runs) {
            Path f = run.resolve(UiSession.STATS_FILE);
            if (Files.isRegularFile(f)) {
                out.add(f);
            }
        }
        try (Stream<Path> s = Files.walk(root, 2)) {
            s.filter(p -> p.getFileName().toString().equals(ArbiterPage.STATS_FILE) && Files.isRegularFile(p))
                    .sorted().forEach(out::add);
        } catch (IOException e) {
            LOG.warn("cannot search {} for Arbiter stats: {}", root, e.toString());
        }
        return out;
    }

    public Summary summary() {
        return summary;
    }

    public UiServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
