package io.sentifuse.spark;

import io.sentifuse.sweep.CandidateRecord;
import io.sentifuse.sweep.SweepDir;
import io.sentifuse.train.TrainingService;
import io.sentifuse.tune.CandidateTrainer;
import io.sentifuse.tune.SweepFile;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
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

    private final StagedSweep staged;
    private final Configuration conf;

    StagedCandidate(StagedSweep staged) {
        this(staged, StagedInputs.hadoopConfiguration());
    }

    StagedCandidate(StagedSweep staged, Configuration conf) {
        this.staged = staged;
        this.conf = conf;
    }

    CandidateRecord train(TrainingService service, int index, Map<String, Object> settings) {
        StagedSweep.Staged local = staged.stageInputs(conf);
        SweepFile sweep = SweepFile.read(local.sweepDir().resolve(SweepDir.SWEEP_FILE), local.sets());
        CandidateTrainer trainer = new CandidateTrainer(service, sweep, local.sweepDir(), false);
        for (long seed : trainer.seeds()) {
            for (String name : staged.storage().getEndingWith(staged.sweepFolder() + "/" + SweepDir.RUNS,
                    "-" + SweepDir.runName(sweep.settings().name(), index, seed),
                    local.sweepDir().resolve(SweepDir.RUNS), conf)) {
                LOG.info("candidate {} seed {}: run folder {} copied from {}", index, seed, name, staged.storage());
            }
        }
        CandidateRecord record = trainer.train(index, settings, new CheckpointSync(this::send));
        for (String dir : record.runDirs()) {
            send(Path.of(dir));
        }
        return record;
    }

    private void send(Path runDir) {
        staged.storage().put(runDir, staged.run(runDir.getFileName().toString()), conf);
    }
}
