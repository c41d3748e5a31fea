package io.sentifuse.app;

import io.sentifuse.features.FeatureSources;
import io.sentifuse.features.store.CacheFeatureProvider;
import io.sentifuse.finetune.FineTuneMode;
import io.sentifuse.reproduce.ReproduceService;
import io.sentifuse.spark.SharedStorage;
import io.sentifuse.spark.SparkCandidates;
import io.sentifuse.spark.SparkMaster;
import io.sentifuse.spark.SparkRunPool;
import io.sentifuse.train.FrozenMode;
import io.sentifuse.train.TrainingModes;
import io.sentifuse.train.TrainingService;
import io.sentifuse.tune.SweepService;
import io.sentifuse.ui.UiListenerFactory;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The application wired together, in one place: which training modes, feature sources and training listeners
 * this build offers. Packages below never look them up (no service loaders); they receive them from here.
 */
public final class Services {

    private Services() {
    }

    /** The feature sources {@code training.features} can name: the encoders' feature cache and the synthetic task. */
    public static FeatureSources featureSources() {
        return FeatureSources.of(Map.of(
                FeatureSources.CACHE, new CacheFeatureProvider(),
                FeatureSources.SYNTHETIC, FeatureSources.SYNTHETIC_PROVIDER));
    }

    /** Both training modes over {@code sources}. */
    public static TrainingModes trainingModes(FeatureSources sources) {
        return TrainingModes.of(new FrozenMode(sources), new FineTuneMode());
    }

    /** The training service the CLI uses: both modes, the standard feature sources, the UI recording every run. */
    public static TrainingService training() {
        return training(featureSources());
    }

    /** The sweep service the CLI uses: candidates train through {@link #training()}. */
    public static SweepService sweeps() {
        return new SweepService(training(), Clock.systemUTC());
    }

    /**
     * The sweep service whose candidates train as Spark tasks on {@code master} (executors build their trainer with
     * {@link #training()}), or {@link #sweeps()} when {@code master} is null.
     */
    public static SweepService sweeps(SparkMaster master) {
        return sweeps(master, null);
    }

    /**
     * As {@link #sweeps(SparkMaster)}, executors exchanging files with the driver through {@code storage} (a Hadoop
     * {@code FileSystem} folder) when it is not null.
     */
    public static SweepService sweeps(SparkMaster master, SharedStorage storage) {
        if (master == null) {
            return sweeps();
        }
        return new SweepService(training(), Clock.systemUTC(), SparkCandidates.factory(master, storage,
                Services::training));
    }

    /**
     * The reproduction service: runs train in this JVM, or as Spark tasks on {@code master} when it is not null
     * (executors build their trainer with {@link #training()}).
     */
    public static ReproduceService reproductions(SparkMaster master) {
        return reproductions(master, null);
    }

    /**
     * As {@link #reproductions(SparkMaster)}, executors exchanging inputs and run folders with the driver through
     * {@code storage} (a Hadoop {@code FileSystem} folder) when it is not null.
     */
    public static ReproduceService reproductions(SparkMaster master, SharedStorage storage) {
        if (master == null) {
            return new ReproduceService(training());
        }
        return new ReproduceService(training(), new SparkRunPool(master, "sentifuse reproduce paper"),
                Services::training, storage == null ? null : SparkRunPool.exchanges(storage));
    }

    /** The training service over {@code sources} (tests add their own). */
    public static TrainingService training(FeatureSources sources) {
        return new TrainingService(trainingModes(sources), List.of(new UiListenerFactory()), Clock.systemUTC());
    }
}
