package io.sentifuse.ui;

import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.train.TrainingListener;
import io.sentifuse.train.TrainingListenerFactory;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a training run a {@link UiSession} when {@code ui.enabled} ({@code --ui}), so it is shown live. Without
 * it there is nothing to do: {@code sentifuse ui RUNS_DIR} shows any run afterwards from the files the trainer
 * writes anyway.
 */
public final class UiListenerFactory implements TrainingListenerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(UiListenerFactory.class);

    @Override
    public TrainingListener create(ExperimentConfig config, Path runDir) {
        if (!config.ui().enabled()) {
            return null;
        }
        UiSession session = UiSession.open(config.ui(), runDir);
        LOG.info("live training curves at {}", session.url());
        return session;
    }
}
