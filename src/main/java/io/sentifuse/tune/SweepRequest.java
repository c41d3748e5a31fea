package io.sentifuse.tune;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * What to sweep.
 *
 * @param sweepFile the sweep file (ignored when resuming: the sweep folder's resolved file is used)
 * @param sets      {@code key=value} overrides of the sweep's sections or, for other keys, fixed overrides of the
 *                  experiment (not allowed when resuming)
 * @param resumeDir a sweep folder to continue, or null
 * @param ui        serve the live UI (sweep board, Arbiter page, each candidate's curves)
 * @param uiHost    address for the UI server, or null for the base experiment's {@code ui.host}
 * @param progress  where the one-line-per-candidate progress goes (the terminal)
 */
public record SweepRequest(Path sweepFile, List<String> sets, Path resumeDir, boolean ui, String uiHost,
                           PrintWriter progress) {

    public SweepRequest {
        sets = List.copyOf(sets);
    }
}
