package io.sentifuse.spark;

import io.sentifuse.files.Checksums;
import io.sentifuse.reproduce.RunExchange;
import io.sentifuse.train.TrainingListener;
import io.sentifuse.train.TrainingReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reproduction whose executors share no local path with the driver, only a {@link SharedStorage} folder: the
 * driver publishes the runs' {@link StagedInputs}; a task copies them to its executor's disk once, trains its run in
 * a local runs folder ({@code <staging>/reproductions/<key>/runs}, the same path on every worker, so a retry on another
 * executor resumes the run where the last checkpoint left it) and sends the run folder to the storage after every
 * checkpoint and at the end; the driver fetches it into its own runs folder, relocated to its own inputs, where
 * {@code reproduce} reuses it like a run it trained itself.
 *
 * <p>Layout of the storage folder: the inputs ({@code inputs/}) and {@code reproductions/<key>/runs/}, the key naming
 * the driver's runs folder (its name and a digest of its absolute path), so a second call of the same reproduction
 * finds the runs of the first.
 *
 * @param inputs the data, split file and feature stores, published
 * @param key    the reproduction's folder under {@code reproductions/}
 */
record StagedRuns(StagedInputs inputs, String key) implements RunExchange {

    private static final Logger LOG = LoggerFactory.getLogger(StagedRuns.class);

    /** Opens exchanges through {@code storage}. */
    static RunExchange.Factory factory(SharedStorage storage) {
        return (runsDir, configs, sources, features) -> {
            StagedInputs inputs = StagedInputs.publish(storage, configs, sources, features, "reproductions",
                    StagedInputs.hadoopConfiguration());
            Path abs = runsDir.toAbsolutePath().normalize();
            String key = abs.getFileName() + "-" + Checksums.sha256(abs.toString().getBytes(StandardCharsets.UTF_8))
                    .substring(0, 12);
            LOG.info("executors read the runs' inputs from {} and send run folders to {}", storage,
                    storage.path("reproductions/" + key));
            return new StagedRuns(inputs, key);
        };
    }

    private String runs() {
        return "reproductions/" + key + "/runs";
    }

    @Override
    public Path lockFile(String name) {
        return inputs.localRoot().resolve(runs()).resolve(".locks").resolve(name + ".checkout.lock");
    }

    @Override
    public Workspace checkout(String name) {
        Configuration conf = StagedInputs.hadoopConfiguration();
        Path root = inputs.localRoot();
        List<String> sets = inputs.stage(root, conf);
        Path local = root.resolve(runs());
        for (String folder : inputs.storage().getEndingWith(runs(), "-" + name, local, conf)) {
            LOG.info("{}: run folder {} copied from {}", name, folder, inputs.storage());
        }
        return new Workspace(local, sets, root.resolve("reproductions").resolve(key).resolve("experiments"));
    }

    @Override
    public TrainingListener sync() {
        return new CheckpointSync(this::send);
    }

    @Override
    public void send(Path runDir) {
        inputs.storage().put(runDir, runs() + "/" + runDir.getFileName(), StagedInputs.hadoopConfiguration());
    }

    @Override
    public Path fetch(String name, Path runsDir) {
        return inputs.fetch(runs() + "/" + name, runsDir.resolve(name), "reproduction " + key,
                StagedInputs.hadoopConfiguration());
    }

    @Override
    public int fetchFinished(String name, Path runsDir) {
        Configuration conf = StagedInputs.hadoopConfiguration();
        int fetched = 0;
        for (String folder : inputs.storage().list(runs(), conf)) {
            if (folder.endsWith("-" + name)
                    && inputs.storage().exists(runs() + "/" + folder + "/" + TrainingReport.JSON_FILE, conf)) {
                fetch(folder, runsDir);
                fetched++;
            }
        }
        return fetched;
    }
}
