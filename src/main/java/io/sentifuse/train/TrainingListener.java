package io.sentifuse.train;

/**
 * Receives what a training run does, as it happens. The metrics file writer, the progress bar and the
 * live UI are listeners. Calls come from the training thread; implementations must be quick (hand heavy
 * work to another thread) and must not throw.
 */
public interface TrainingListener {

    /** Once, before the first iteration (also when a run resumes). */
    default void onStart(RunStarted event) {
    }

    /** After every optimiser step. */
    default void onIteration(IterationStats stats) {
    }

    /** After every epoch's validation. */
    default void onEpoch(EpochStats stats) {
    }

    /**
     * After an epoch's checkpoint is on disk (after {@link #onEpoch}): the run folder then holds what a resumed run
     * continues from.
     */
    default void onCheckpoint(int epoch) {
    }

    /** Once, when the run ends (normally, by early stopping, or by an error). */
    default void onEnd(RunEnded event) {
    }
}
