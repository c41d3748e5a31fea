package io.sentifuse.train;

import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.model.LabelledBatch;
import io.sentifuse.model.TrainableModel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a run of one {@code training.mode} obtains its model and data; everything else (loop, optimiser,
 * checkpoints, metrics, listeners, report) is the same for every mode. {@link TrainingModes} holds one per mode.
 */
public interface TrainingMode {

    /** The {@code training.mode} value this serves. */
    TrainingConfig.Mode mode();

    /**
     * Checks mode-specific settings before a run folder is made, naming the key and what it must be.
     *
     * @throws io.sentifuse.errors.UserInputException on a setting this mode cannot use
     */
    default void validate(ExperimentConfig config) {
    }

    /**
     * The model and the data of a run: a new model initialised from the run seed, or, with {@code checkpoint},
     * the model as that checkpoint folder holds it (the trainer restores the optimiser).
     */
    Prepared<?> prepare(ExperimentConfig config, Optional<Path> checkpoint);

    /** A model with the data it trains on. */
    record Prepared<B extends LabelledBatch>(TrainableModel<B> model, TrainingData<B> data) {
    }
}
