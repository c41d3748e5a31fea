package io.sentifuse.train;

import io.sentifuse.config.ExperimentConfig;
import java.nio.file.Path;

/**
 * Plugs a listener into every training run (the live UI does this); given to the {@link TrainingService} where
 * the application is wired. A listener that is also {@link AutoCloseable} is closed when the run ends.
 */
@FunctionalInterface
public interface TrainingListenerFactory {

    /** A listener for this run, or null when it does not apply. */
    TrainingListener create(ExperimentConfig config, Path runDir);
}
