package io.sentifuse.features;

import io.sentifuse.config.ExperimentConfig;
import java.util.Set;

/**
 * Supplies the trainer's features for an experiment ({@code training.features} names the provider in
 * {@link FeatureSources}). The frozen-encoder feature cache is one; {@code synthetic} is another.
 */
@FunctionalInterface
public interface FeatureSetProvider {

    /**
     * The split parts as feature sets holding at least {@code kinds} (the configured head's inputs: a cache
     * should compute and store only these).
     *
     * @throws io.sentifuse.errors.UserInputException when the data or configuration is unusable, naming the item
     */
    FeatureSplits load(ExperimentConfig config, Set<FeatureKind> kinds);
}
