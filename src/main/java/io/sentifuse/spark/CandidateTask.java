package io.sentifuse.spark;

import io.sentifuse.files.Json;
import io.sentifuse.sweep.SweepDir;
import io.sentifuse.train.TrainingService;
import io.sentifuse.tune.CandidateTrainer;
import io.sentifuse.tune.SweepFile;
import java.io.Serializable;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs on an executor: one candidate of a sweep, trained with the project's {@link CandidateTrainer} into the
 * sweep folder's run folders, exactly as a local sweep trains it. The executor reads the resolved sweep file from the
 * sweep folder (shared storage) and the feature cache the driver filled; it never encodes. A seed whose run folder
 * holds a report is read back, an interrupted one resumes from its checkpoint, so a task Spark retries after its
 * executor died repeats no finished work. A candidate that fails for its own reasons (bad settings) comes back as
 * an outcome with the error rather than as a failed task, so Spark does not retry what would fail again.
 */
final class CandidateTask implements Function<CandidateTask.Input, CandidateTask.Outcome> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CandidateTask.class);
    /** One training service per executor JVM (they are thread-safe; concurrent tasks share it). */
    private static TrainingService shared;

    private final String sweepDir;
    private final ArrayList<String> sets;
    private final SerializableSupplier<TrainingService> training;
    private final StagedSweep staged;

    /**
     * @param sweepDir the sweep folder, absolute, on storage the executors read (unused when {@code staged})
     * @param sets     overrides that make the driver's relative paths absolute (data, cache)
     * @param training builds the training service on the executor
     * @param staged   the sweep as published to shared storage, or null when executors read the driver's paths
     */
    CandidateTask(Path sweepDir, List<String> sets, SerializableSupplier<TrainingService> training,
                  StagedSweep staged) {
        this.sweepDir = sweepDir.toAbsolutePath().toString();
        this.sets = new ArrayList<>(sets);
        this.training = training;
        this.staged = staged;
    }

    /** One candidate: its index and settings. */
    record Input(int index, LinkedHashMap<String, Object> settings) implements Serializable {
    }

    /**
     * What comes back to the driver: the candidate's ledger record as JSON, or the error that ended it, and where
     * it ran (for the log).
     */
    record Outcome(String record, String error, String host, int attempt) implements Serializable {
    }

    @Override
    public Outcome call(Input in) {
        TaskContext ctx = TaskContext.get();
        int attempt = ctx == null ? 0 : ctx.attemptNumber();
        String host = host();
        LOG.info("candidate {} on {} (attempt {}, {} cpus)", in.index(), host, attempt + 1,
                ctx == null ? 1 : ctx.cpus());
        try {
            return ExecutorSettings.inTask(() -> {
                if (staged != null) {
                    return new Outcome(Json.line(new StagedCandidate(staged).train(service(), in.index(),
                            in.settings())), null, host, attempt);
                }
                Path dir = Path.of(sweepDir);
                SweepFile sweep = SweepFile.read(dir.resolve(SweepDir.SWEEP_FILE), sets);
                CandidateTrainer trainer = new CandidateTrainer(service(), sweep, dir, false);
                return new Outcome(Json.line(trainer.train(in.index(), in.settings(), null)), null, host, attempt);
            });
        } catch (RuntimeException e) {
            LOG.warn("candidate {} failed on {}: {}", in.index(), host, e.toString());
            return new Outcome(null, e.getMessage() == null ? e.toString() : e.getMessage(), host, attempt);
        }
    }

    private TrainingService service() {
        synchronized (CandidateTask.class) {
            if (shared == null) {
                shared = training.get();
            }
            return shared;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName() + "/" + ProcessHandle.current().pid();
        } catch (java.io.IOException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }
}
