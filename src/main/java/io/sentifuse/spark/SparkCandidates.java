package io.sentifuse.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cache.CacheRoot;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.features.store.EncodeService;
import io.sentifuse.files.Json;
import io.sentifuse.sweep.CandidateRecord;
import io.sentifuse.sweep.SweepDir;
import io.sentifuse.train.IterationStats;
import io.sentifuse.train.MetricsWriter;
import io.sentifuse.train.TrainingListener;
import io.sentifuse.train.TrainingService;
import io.sentifuse.tune.CandidateRunner;
import io.sentifuse.tune.SweepFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sweep's candidates as Spark tasks: each candidate Arbiter hands to the sweep becomes a one-task Spark job
 * ({@code parallelize([candidate], 1).map(CandidateTask)}), submitted from the runner thread that holds it, so
 * as many candidates train at once as the cluster has task slots, and each result reaches the driver (ledger,
 * leaderboard, Arbiter page, progress line) the moment its task ends. A task whose executor dies is retried by
 * Spark; the sweep folder's run folders make the retry finish rather than repeat the candidate's work.
 */
public final class SparkCandidates implements CandidateRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SparkCandidates.class);
    /** How long the driver waits for a cluster's first executors before it counts task slots. */
    static final long EXECUTOR_WAIT_SECONDS = 60;

    private final JavaSparkContext context;
    private final CandidateTask task;
    private final int parallel;
    private final String sweepName;
    private final Path sweepDir;
    private final StagedSweep staged;

    private SparkCandidates(JavaSparkContext context, CandidateTask task, int parallel, String sweepName,
                            Path sweepDir, StagedSweep staged) {
        this.context = context;
        this.task = task;
        this.parallel = parallel;
        this.sweepName = sweepName;
        this.sweepDir = sweepDir;
        this.staged = staged;
    }

    /**
     * Sweeps on {@code master}; executors build their trainer with {@code training} and exchange files with the
     * driver through {@code storage} (null: they read and write the driver's own paths).
     */
    public static CandidateRunner.Factory factory(SparkMaster master, SharedStorage storage,
                                                  SerializableSupplier<TrainingService> training) {
        return (sweep, dir, local, features) -> open(master, storage, training, sweep, dir, features);
    }

    static SparkCandidates open(SparkMaster master, SharedStorage storage,
                                SerializableSupplier<TrainingService> training, SweepFile sweep, Path sweepDir,
                                EncodeService.Result features) {
        SparkConf conf = ExecutorSettings.conf(master, "sentifuse sweep " + sweep.settings().name());
        LOG.info("starting Spark on {} for sweep {}", master, sweepDir);
        JavaSparkContext context = new JavaSparkContext(conf);
        try {
            int slots = slots(context, master);
            int parallel = Math.max(sweep.settings().budget().parallel(), slots);
            LOG.info("Spark {} (application {}): {} candidates at once", context.version(), context.sc().applicationId(),
                    parallel);
            StagedSweep staged = null;
            if (storage != null) {
                staged = StagedSweep.publish(storage, sweep, sweepDir, features, context.hadoopConfiguration());
                LOG.info("executors read the sweep's inputs from {} and send run folders back there", storage);
            }
            return new SparkCandidates(context, new CandidateTask(sweepDir, sharedPaths(sweep.baseConfig()), training,
                    staged), parallel, sweep.settings().name(), sweepDir, staged);
        } catch (RuntimeException e) {
            context.stop();
            throw e;
        }
    }

    @Override
    public CandidateRecord train(int index, Map<String, Object> settings, TrainingListener listener) {
        context.setJobGroup("candidate-" + index, "sweep " + sweepName + ", candidate " + index + " " + settings, false);
        List<CandidateTask.Outcome> out;
        try {
            out = context.parallelize(List.of(new CandidateTask.Input(index, new LinkedHashMap<>(settings))), 1)
                    .map(task).collect();
        } catch (Exception e) { // SparkException is checked but undeclared
            throw new IllegalStateException("candidate " + index + ": its Spark task failed on every attempt: "
                    + e.getMessage(), e);
        } finally {
            context.clearJobGroup();
        }
        CandidateTask.Outcome outcome = out.get(0);
        if (outcome.error() != null) {
            throw new IllegalStateException(outcome.error() + " (on " + outcome.host() + ")");
        }
        LOG.info("candidate {} trained on {} (attempt {})", index, outcome.host(), outcome.attempt() + 1);
        CandidateRecord record;
        try {
            record = Json.mapper().readValue(outcome.record(), CandidateRecord.class);
        } catch (IOException e) {
            throw new IllegalStateException("candidate " + index + ": the executor's record is not readable: "
                    + e.getMessage(), e);
        }
        if (staged != null) {
            record = fetchRuns(record);
        }
        if (listener != null) {
            replay(record, listener);
        }
        return record;
    }

    /**
     * Copies the candidate's run folders from the storage into this sweep folder, relocated to the driver's inputs
     * ({@link StagedInputs#relocate}); the record names those.
     */
    private CandidateRecord fetchRuns(CandidateRecord r) {
        List<String> dirs = new ArrayList<>();
        for (String run : r.runDirs()) {
            String name = Path.of(run).getFileName().toString();
            dirs.add(staged.inputs().fetch(staged.run(name), sweepDir.resolve(SweepDir.RUNS).resolve(name),
                    "candidate " + r.index(), context.hadoopConfiguration()).toString());
        }
        return new CandidateRecord(r.index(), r.head(), r.overrides(), r.status(), r.metric(), r.seeds(), r.scores(),
                r.scoreMean(), r.scoreSd(), r.val(), r.test(), r.epochs(), r.seconds(), dirs, r.duplicateOf(),
                r.error());
    }

    @Override
    public int parallel() {
        return parallel;
    }

    @Override
    public void close() {
        context.stop();
    }

    /**
     * Overrides that make the base experiment's relative paths absolute, as the driver sees them: an executor in
     * its own JVM starts in its own work folder. The feature cache is the one the driver filled.
     */
    static List<String> sharedPaths(ExperimentConfig base) {
        List<String> sets = new ArrayList<>();
        sets.add("data.path=" + Path.of(base.data().path()).toAbsolutePath().normalize());
        if (base.data().splitFile() != null && !base.data().splitFile().isBlank()) {
            sets.add("data.split_file=" + Path.of(base.data().splitFile()).toAbsolutePath().normalize());
        }
        sets.add("output.cache_dir=" + CacheRoot.resolve(base.output().cacheDir()).toAbsolutePath().normalize());
        return sets;
    }

    /** Task slots: the cluster's cores (after its first executors registered) over {@code spark.task.cpus}. */
    private static int slots(JavaSparkContext context, SparkMaster master) {
        if (!master.inProcess()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXECUTOR_WAIT_SECONDS);
            while (context.sc().getExecutorMemoryStatus().size() <= 1 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (context.sc().getExecutorMemoryStatus().size() <= 1) {
                LOG.warn("no executor registered with {} within {} s; candidates wait for one", master,
                        EXECUTOR_WAIT_SECONDS);
            }
        }
        int cpus = Integer.parseInt(context.getConf().get("spark.task.cpus", "1"));
        return Math.max(1, context.defaultParallelism() / Math.max(1, cpus));
    }

    /** The candidate's loss curve, read back from its run folders, for the Arbiter page. */
    private static void replay(CandidateRecord record, TrainingListener listener) {
        for (String run : record.runDirs()) {
            Path file = Path.of(run).resolve(MetricsWriter.ITERATIONS_FILE);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            for (String line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = Json.mapper().readTree(line);
                    listener.onIteration(new IterationStats(n.path("i").asLong(), n.path("epoch").asInt(),
                            n.path("loss").asDouble(), Map.of(), n.path("grad_norm").asDouble(), Map.of(), Map.of(),
                            n.path("batch").asInt(), n.path("ms").asLong(), n.path("t").asLong()));
                } catch (IOException e) {
                    LOG.debug("{}: line skipped ({})", file, e.getMessage());
                }
            }
        }
    }
}
