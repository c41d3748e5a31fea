package io.sentifuse.spark;

import io.sentifuse.files.Checksums;
import io.sentifuse.sweep.CandidateRecord;
import io.sentifuse.sweep.SweepDir;
import io.sentifuse.train.RunStarted;
import io.sentifuse.train.TrainingListener;
import io.sentifuse.train.TrainingService;
import io.sentifuse.tune.CandidateTrainer;
import io.sentifuse.tune.SweepFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One candidate of a {@link StagedSweep} on an executor: the inputs copied to local disk (once per executor), the
 * candidate's run folders that an earlier attempt sent to the storage copied back (so a retried task reads back
 * finished seeds and resumes an interrupted one from its checkpoint), the seeds trained in the local copy of the
 * sweep folder, and each run folder sent to the storage after every epoch and when the candidate ends.
 */
final class StagedCandidate {

    private static final Logger LOG = LoggerFactory.getLogger(StagedCandidate.class);
    /** Spark setting: the local folder where executors keep their copies of the storage's inputs. */
    static final String STAGING_DIR = "spark.sentifuse.stagingDir";

    private final StagedSweep staged;
    private final Configuration conf;

    StagedCandidate(StagedSweep staged) {
        this(staged, hadoopConfiguration());
    }

    StagedCandidate(StagedSweep staged, Configuration conf) {
        this.staged = staged;
        this.conf = conf;
    }

    CandidateRecord train(TrainingService service, int index, Map<String, Object> settings) {
        StagedSweep.Staged local = staged.stageInputs(localRoot(staged.storage()), conf);
        SweepFile sweep = SweepFile.read(local.sweepDir().resolve(SweepDir.SWEEP_FILE), local.sets());
        CandidateTrainer trainer = new CandidateTrainer(service, sweep, local.sweepDir(), false);
        List<String> remote = staged.storage().list(staged.sweepFolder() + "/" + SweepDir.RUNS, conf);
        for (long seed : trainer.seeds()) {
            String suffix = "-" + SweepDir.runName(sweep.settings().name(), index, seed);
            for (String name : remote) {
                if (name.endsWith(suffix)) {
                    staged.storage().get(staged.run(name), local.sweepDir().resolve(SweepDir.RUNS).resolve(name), conf);
                    LOG.info("candidate {} seed {}: run folder {} copied from {}", index, seed, name, staged.storage());
                }
            }
        }
        CandidateRecord record = trainer.train(index, settings, new Sync());
        for (String dir : record.runDirs()) {
            send(Path.of(dir));
        }
        return record;
    }

    private void send(Path runDir) {
        staged.storage().put(runDir, staged.run(runDir.getFileName().toString()), conf);
    }

    /** Sends the run folder to the storage after every epoch's checkpoint: a retry resumes from it. */
    private final class Sync implements TrainingListener {

        private Path runDir;

        @Override
        public void onStart(RunStarted event) {
            runDir = event.runDir();
        }

        @Override
        public void onCheckpoint(int epoch) {
            if (runDir != null) {
                send(runDir);
            }
        }
    }

    /** The executor's Hadoop configuration: its own, with the application's {@code spark.hadoop.*} settings. */
    static Configuration hadoopConfiguration() {
        SparkEnv env = SparkEnv.get();
        return env == null ? new Configuration() : SparkHadoopUtil.get().newConfiguration(env.conf());
    }

    /**
     * Where executors keep their copies, per storage URI: {@value #STAGING_DIR} if set, else
     * {@code <java.io.tmpdir>/sentifuse-staging}. The same path on every worker, because a run folder records the
     * paths it trained with and a retry on another executor resumes from it.
     */
    private static Path localRoot(SharedStorage storage) {
        String fallback = Path.of(System.getProperty("java.io.tmpdir"), "sentifuse-staging").toString();
        String root = SparkEnv.get() == null ? System.getProperty(STAGING_DIR, fallback)
                : SparkEnv.get().conf().get(STAGING_DIR, fallback);
        return Path.of(root, Checksums.sha256(storage.uri().getBytes(StandardCharsets.UTF_8)).substring(0, 12));
    }
}
