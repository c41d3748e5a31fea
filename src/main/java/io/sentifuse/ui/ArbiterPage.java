package io.sentifuse.ui;

import java.nio.file.Path;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;

/**
 * The stock Arbiter page ({@value #PATH}, from {@code arbiter-ui}, served by the same server) for sweeps:
 *
 * <pre>{@code
 * try (UiServer ui = UiServer.start(config.ui().host(), config.ui().port())) {
 *     StatsStorage storage = ArbiterPage.attach(ui, sweepDir);
 *     runner.addListeners(new ArbiterStatusListener(storage));
 *     runner.execute();   // each candidate's UiSession.open(...) leases the same server
 * }
 * }</pre>
 *
 * The sweep folder keeps {@value #STATS_FILE}, which {@code sentifuse ui} shows again later.
 */
public final class ArbiterPage {

    /** The sweep's Arbiter stats, in the sweep folder. */
    public static final String STATS_FILE = "arbiter-stats.dl4j";
    /** Where the stock Arbiter module serves its page. */
    public static final String PATH = "/arbiter";

    private ArbiterPage() {
    }

    /** Opens (or creates) the sweep's stats file and shows it on {@value #PATH}; closed with the server. */
    public static FileStatsStorage attach(UiServer server, Path sweepDir) {
        return server.attachOwned(StatsFiles.open(sweepDir.resolve(STATS_FILE)));
    }

    /** The sweep's stats file without a server (the caller closes it); {@code sentifuse ui} shows it later. */
    public static FileStatsStorage record(Path sweepDir) {
        return StatsFiles.open(sweepDir.resolve(STATS_FILE));
    }
}
