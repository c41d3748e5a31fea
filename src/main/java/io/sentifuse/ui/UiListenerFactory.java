package io.sentifuse.ui;

import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.train.TrainingListener;
import io.sentifuse.train.TrainingListenerFactory;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every training run a {@link UiSession}: it always records the run's curves into the run folder (so
 * {@code sentifuse ui RUNS_DIR} can show any run afterwards) and, with {@code ui.enabled} ({@code --ui}),
 * also serves them live.
 */
public final class UiListenerFactory implements TrainingListenerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(UiListenerFactory.class);

    @Override
    public TrainingListener create(ExperimentConfig config, Path runDir) {
        UiSession session = UiSession.open(config.ui(), runDir);
        session.url().ifPresent(url -> LOG.info("live training curves at {}", url));
        return session;
    }
}
