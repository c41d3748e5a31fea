package io.sentifuse.spark;

import io.sentifuse.config.ConfigWriter;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.features.store.EncodeService;
import io.sentifuse.sweep.SweepDir;
import io.sentifuse.tune.SweepFile;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * A sweep whose executors share no local path with the driver, only a {@link SharedStorage} folder. The driver
 * publishes there what a candidate needs ({@link #publish}): the {@link StagedInputs} and the sweep file with its base
 * experiment resolved into one self-contained file. An executor copies the inputs to its local disk once
 * ({@link #stageInputs}), trains each candidate in a local copy of the sweep folder and sends its run folders back
 * after every epoch and at the end; the driver copies them into its own sweep folder, which stays the one the
 * ledger, the leaderboard, the UI and {@code --resume} read.
 *
 * <p>Layout of the storage folder: the inputs ({@code inputs/}), {@code sweeps/<sweep folder>/sweep.yaml},
 * {@code base.yaml} and {@code runs/}.
 *
 * @param storage the shared folder
 * @param sweep   the sweep folder's name
 * @param inputs  the data, split file and feature stores, published
 */
record StagedSweep(SharedStorage storage, String sweep, StagedInputs inputs) implements Serializable {

    /** The resolved base experiment beside the executors' copy of the sweep file. */
    static final String BASE_FILE = "base.yaml";

    /** Where this sweep's folder lives in the storage. */
    String sweepFolder() {
        return "sweeps/" + sweep;
    }

    /** Where the run folder {@code name} of this sweep lives in the storage. */
    String run(String name) {
        return sweepFolder() + "/" + SweepDir.RUNS + "/" + name;
    }

    /**
     * Publishes a sweep's inputs and its sweep file (the driver's side; inputs published earlier are reused).
     *
     * @param features the feature stores the sweep filled, null where it reads no cached features (refused)
     */
    static StagedSweep publish(SharedStorage storage, SweepFile sweep, Path sweepDir, EncodeService.Result features,
                               Configuration conf) {
        ExperimentConfig base = sweep.baseConfig();
        StagedInputs inputs = StagedInputs.publish(storage, List.of(base), List.of(sweep.base().toString()),
                features == null ? List.of() : List.of(features), "sweeps", conf);
        StagedSweep staged = new StagedSweep(storage, sweepDir.getFileName().toString(), inputs);
        storage.write(ConfigWriter.toYaml(base), staged.sweepFolder() + "/" + BASE_FILE, conf);
        storage.write(new SweepFile(sweep.file(), sweep.settings(), Path.of(BASE_FILE), sweep.fixed(),
                sweep.parameters(), base).toYaml(), staged.sweepFolder() + "/" + SweepDir.SWEEP_FILE, conf);
        return staged;
    }

    /**
     * Copies the inputs to the executor's staging folder (once per executor) and the sweep file to its copy of the
     * sweep folder; returns that folder and the overrides that point the sweep at the local copies.
     */
    Staged stageInputs(Configuration conf) {
        Path localRoot = inputs.localRoot();
        List<String> sets = inputs.stage(localRoot, conf);
        synchronized (StagedSweep.class) {
            Path dir = localRoot.resolve(sweepFolder());
            for (String file : List.of(BASE_FILE, SweepDir.SWEEP_FILE)) {
                storage.get(sweepFolder() + "/" + file, dir.resolve(file), conf);
            }
            return new Staged(dir, sets);
        }
    }

    /** An executor's local copy of the sweep folder and the overrides for its candidates. */
    record Staged(Path sweepDir, List<String> sets) {
    }
}
