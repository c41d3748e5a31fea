package io.sentifuse.tune;

import io.sentifuse.features.store.EncodeService;
import io.sentifuse.sweep.CandidateRecord;
import io.sentifuse.train.TrainingListener;
import java.util.Map;

/**
 * Where a sweep's candidates train: in this JVM ({@link #local}) or elsewhere (on Spark executors,
 * {@code io.sentifuse.spark}). The sweep service keeps everything else on its side: drawing candidates, skipping
 * those the ledger lists, appending outcomes, the leaderboard and Arbiter's status storage.
 */
public interface CandidateRunner extends AutoCloseable {

    /**
     * Trains (or finishes, or reads back) every seed of candidate {@code index}, as {@link CandidateTrainer#train}.
     *
     * @param listener sees the runs' training events where the runner can deliver them (a remote runner replays
     *                 the loss curve when the candidate ends), or null
     * @throws RuntimeException when the candidate fails; the message names it and the cause
     */
    CandidateRecord train(int index, Map<String, Object> settings, TrainingListener listener);

    /** Candidates trained at once: the sweep's {@code budget.parallel} here, the task slots on a cluster. */
    int parallel();

    /** Releases what the runner holds (a Spark context); local runners hold nothing. */
    @Override
    void close();

    /** Opens the runner of one sweep. */
    @FunctionalInterface
    interface Factory {

        /**
         * @param sweep    the sweep file as resolved for this sweep
         * @param sweepDir the sweep folder (the resolved sweep file is stored in it)
         * @param local    the in-process trainer of this sweep
         * @param features the feature stores the sweep filled before its first candidate, or null (candidates
         *                 that do not read cached features)
         */
        CandidateRunner open(SweepFile sweep, java.nio.file.Path sweepDir, CandidateTrainer local,
                             EncodeService.Result features);
    }

    /** Candidates train in this JVM, {@code budget.parallel} at once. */
    static CandidateRunner local(SweepFile sweep, CandidateTrainer trainer) {
        int parallel = sweep.settings().budget().parallel();
        return new CandidateRunner() {
            @Override
            public CandidateRecord train(int index, Map<String, Object> settings, TrainingListener listener) {
                return trainer.train(index, settings, listener);
            }

            @Override
            public int parallel() {
                return parallel;
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
