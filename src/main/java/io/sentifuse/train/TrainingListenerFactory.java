package io.sentifuse.train;

import io.sentifuse.config.ExperimentConfig;
import java.nio.file.Path;

/**
 * Plugs a listener into every training run (the live UI does this). Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.sentifuse.train.TrainingListenerFactory}. A listener that is also
 * {@link AutoCloseable} is closed when the run ends.
 */
@FunctionalInterface
public interface TrainingListenerFactory {

    /** A listener for this run, or null when it does not apply (e.g. {@code ui.enabled} is false). */
    TrainingListener create(ExperimentConfig config, Path runDir);
}
