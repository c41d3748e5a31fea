package io.sentifuse.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What to train.
 *
 * @param experiment     the experiment YAML (ignored when resuming: the run folder's config is used)
 * @param overrides      {@code key.path=value} overrides (not allowed when resuming)
 * @param resumeDir      a run folder to continue, or null for a new run
 * @param ui             start the live UI (sets {@code ui.enabled})
 * @param uiHost         address for the UI server, or null for {@code ui.host}
 * @param commandLine    the command line, for provenance
 * @param extraListeners listeners of the caller (e.g. the CLI's progress bar)
 */
public record TrainRequest(Path experiment, List<String> overrides, Path resumeDir, boolean ui, String uiHost,
                           List<String> commandLine, List<TrainingListener> extraListeners) {

    public TrainRequest {
        overrides = List.copyOf(overrides);
        commandLine = List.copyOf(commandLine);
        extraListeners = List.copyOf(extraListeners);
    }

    /** A new run of {@code experiment} with {@code overrides}, no UI, no extra listeners. */
    public static TrainRequest of(Path experiment, List<String> overrides) {
        return new TrainRequest(experiment, overrides, null, false, null, List.of(), List.of());
    }

    /** Continue the run in {@code runDir}. */
    public static TrainRequest resume(Path runDir) {
        return new TrainRequest(null, List.of(), runDir, false, null, List.of(), List.of());
    }
}
