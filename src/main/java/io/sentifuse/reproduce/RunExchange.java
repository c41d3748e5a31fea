package io.sentifuse.reproduce;

import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.features.store.EncodeService;
import io.sentifuse.train.TrainingListener;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * How a reproduction's runs reach the driver when the JVMs that train them share no path with it (Spark executors
 * with {@code --storage}): each task trains its run in a local runs folder, against local copies of the inputs, and
 * sends the run folder to storage both sides reach; the driver fetches it from there into its own runs folder. An
 * exchange is opened on the driver ({@link Factory}) and carried to the tasks.
 */
public interface RunExchange extends Serializable {

    /** Opens an exchange on the driver: publishes what the runs read. */
    @FunctionalInterface
    interface Factory {

        /**
         * @param runsDir  the driver's runs folder of the reproduction
         * @param configs  the resolved configurations of the runs to train
         * @param sources  the experiment file of each, for errors
         * @param features the feature stores filled for them
         */
        RunExchange open(Path runsDir, List<ExperimentConfig> configs, List<String> sources,
                         List<EncodeService.Result> features);
    }

    /** In the task: a local lock file for the run {@code name}, held while it is checked out, obtained and sent. */
    Path lockFile(String name);

    /**
     * In the task: the local runs folder, holding the copies of the run {@code name}'s folders that earlier
     * attempts sent (so a retried task reuses or resumes them), and the overrides that point the run at the local
     * copies of its inputs.
     */
    Workspace checkout(String name);

    /** In the task: a listener that sends the run's folder after every epoch's checkpoint. */
    TrainingListener sync();

    /** In the task: sends {@code runDir} (a folder of the local runs folder). */
    void send(Path runDir);

    /**
     * On the driver: copies the run folder {@code name} into {@code runsDir}, its configuration naming the driver's
     * inputs; returns where it lies.
     */
    Path fetch(String name, Path runsDir);

    /**
     * On the driver: every finished run folder named after the run {@code name} in the storage (those whose tasks
     * ended while their job failed; an ablation's levers share run names, so several), fetched as {@link #fetch}
     * does; the driver's reuse check then tells them apart by configuration. Returns how many.
     */
    int fetchFinished(String name, Path runsDir);

    /**
     * A task's local runs folder, the overrides for its run and a local folder for the experiment files it reads.
     */
    record Workspace(Path runsDir, List<String> sets, Path experiments) {

        public Workspace {
            sets = List.copyOf(sets);
        }
    }
}
