package io.sentifuse.spark;

import io.sentifuse.cache.CacheRoot;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ConfigSchema;
import io.sentifuse.config.ConfigWriter;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.encoder.TextPreset;
import io.sentifuse.encoder.image.DefaultImageModel;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.FeatureSources;
import io.sentifuse.features.store.EncodeService;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Checksums;
import io.sentifuse.run.RunDir;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs trained on cached frozen features read, published to a {@link SharedStorage} by the driver and copied to
 * an executor's local disk once ({@link #stage}): the dataset, the split file and the feature stores the driver
 * filled. Inputs are named by their files' names, sizes and modification times ({@code inputs/data-<name>-<digest>},
 * {@code inputs/split-...}, {@code inputs/cache-<digest>/features/<store>}), so runs over the same inputs share them
 * and a changed file is published anew.
 *
 * <p>A run folder records the paths it trained with: the executors' copies. When the driver fetches one it
 * {@linkplain #relocate relocates} it: {@value RunDir#CONFIG_FILE} names the driver's own inputs (so the driver
 * reuses, resumes, scores and exports it like a run it trained itself) and the executor's configuration is kept as
 * {@value #EXECUTOR_CONFIG}.
 *
 * @param storage the shared folder
 * @param data    the dataset's input folder and its path inside it
 * @param split   the split file's, or null
 * @param cache   the feature stores' input folder (a cache root)
 * @param driver  the driver's values of the settings staging replaces ({@code data.path=...}, ...)
 */
record StagedInputs(SharedStorage storage, Input data, Input split, String cache, ArrayList<String> driver)
        implements Serializable {

    private static final Logger LOG = LoggerFactory.getLogger(StagedInputs.class);
    /** Spark setting: the local folder where executors keep their copies of the storage's inputs. */
    static final String STAGING_DIR = "spark.sentifuse.stagingDir";
    /** In a run folder the driver fetched: the configuration the executor trained with. */
    static final String EXECUTOR_CONFIG = "config.executor.yaml";

    /** A published input: its folder in the storage and the path of the file or folder inside it. */
    record Input(String folder, String inside) implements Serializable {
    }

    /**
     * Publishes the inputs of runs configured as {@code configs} (inputs published earlier are reused). Every run
     * must read cached frozen features ({@code features}: the stores the driver filled for them) and the same data,
     * split file and cache folder.
     *
     * @param what names the runs in errors ("sweeps", "reproductions")
     */
    static StagedInputs publish(SharedStorage storage, List<ExperimentConfig> configs, List<String> sources,
                                Collection<EncodeService.Result> features, String what, Configuration conf) {
        ExperimentConfig first = configs.get(0);
        ArrayList<String> driver = driverPaths(first);
        for (int i = 0; i < configs.size(); i++) {
            ExperimentConfig c = configs.get(i);
            if (c.training().mode() != TrainingConfig.Mode.FROZEN
                    || !FeatureSources.CACHE.equals(c.training().features())) {
                throw new UserInputException("--storage: " + what + " through shared storage train on cached frozen "
                        + "features (training.mode: frozen, training.features: cache); " + sources.get(i)
                        + " has training.mode: " + ConfigSchema.yamlEnum(c.training().mode()) + ", training.features: "
                        + c.training().features() + " (give the executors a shared path instead)");
            }
            if (TextPreset.find(c.text().model()).isEmpty() || DefaultImageModel.named(c.image().model()).isEmpty()
                    || c.text().extraModels().stream().anyMatch(m -> TextPreset.find(m).isEmpty())) {
                throw new UserInputException("--storage: executors key the feature stores by their encoders, and have "
                        + "the packaged ones only (text.model: " + TextPreset.known() + "; image.model: default, "
                        + "nsfwjs-mobilenet-v2, nsfwjs-inception-v3); " + sources.get(i) + " has text.model: "
                        + c.text().model() + ", text.extra_models: " + c.text().extraModels() + ", image.model: "
                        + c.image().model() + " (give the executors a shared "
                        + "path instead)");
            }
            if (!driverPaths(c).equals(driver)) {
                throw new UserInputException("--storage: every run must read the same data, split file and cache; "
                        + sources.get(i) + " has " + driverPaths(c) + ", " + sources.get(0) + " has " + driver);
            }
        }
        Input data = publishInput(storage, "data", Path.of(first.data().path()).toAbsolutePath().normalize(), conf);
        Input split = null;
        if (first.data().splitFile() != null && !first.data().splitFile().isBlank()) {
            split = publishInput(storage, "split", Path.of(first.data().splitFile()).toAbsolutePath().normalize(),
                    conf);
        }
        Map<String, Path> contents = new LinkedHashMap<>();
        for (EncodeService.Result f : features) {
            List<String> stores = new ArrayList<>(List.of(f.text().store(), f.image().store()));
            f.extraTexts().forEach(t -> stores.add(t.store()));
            for (String store : stores) {
                Path dir = Path.of(store);
                contents.put(CacheRoot.FEATURES + "/" + dir.getFileName(), dir);
            }
        }
        String cache = "inputs/cache-" + digest(contents.values());
        if (storage.publishOnce(contents, cache, conf)) {
            LOG.info("published the feature stores {} to {}", contents.keySet(), storage.path(cache));
        }
        return new StagedInputs(storage, data, split, cache, driver);
    }

    /** The settings staging replaces, as the driver's configuration has them. */
    private static ArrayList<String> driverPaths(ExperimentConfig c) {
        ArrayList<String> sets = new ArrayList<>();
        sets.add(set("data.path", c.data().path()));
        if (c.data().splitFile() != null && !c.data().splitFile().isBlank()) {
            sets.add(set("data.split_file", c.data().splitFile()));
        }
        sets.add(set("output.cache_dir", c.output().cacheDir()));
        return sets;
    }

    private static String set(String key, String value) {
        return key + "=" + (value == null || value.isEmpty() ? "''" : value);
    }

    private static Input publishInput(SharedStorage storage, String kind, Path source, Configuration conf) {
        String name = source.getFileName().toString();
        String folder = "inputs/" + kind + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + digest(List.of(source));
        if (storage.publishOnce(Map.of(name, source), folder, conf)) {
            LOG.info("published {} to {}", source, storage.path(folder));
        }
        return new Input(folder, name);
    }

    /** Copies the inputs under {@code localRoot} (once per executor); returns the overrides that point runs there. */
    List<String> stage(Path localRoot, Configuration conf) {
        synchronized (StagedInputs.class) {
            List<String> sets = new ArrayList<>();
            sets.add("data.path=" + storage.stage(data.folder(), localRoot, conf).resolve(data.inside()));
            if (split != null) {
                sets.add("data.split_file=" + storage.stage(split.folder(), localRoot, conf).resolve(split.inside()));
            }
            sets.add("output.cache_dir=" + storage.stage(cache, localRoot, conf));
            return sets;
        }
    }

    /**
     * Copies the run folder {@code relative} of the storage to the driver's {@code local} folder (replacing it) and
     * {@linkplain #relocate relocates} it; {@code what} names the run in the error when the storage lacks it.
     */
    Path fetch(String relative, Path local, String what, Configuration conf) {
        if (!storage.get(relative, local, conf)) {
            throw new IllegalStateException(what + ": its run folder " + local.getFileName() + " is missing from "
                    + storage.path(relative).getParent());
        }
        relocate(local);
        return local;
    }

    /**
     * Rewrites a run folder the driver fetched from the storage: {@value RunDir#CONFIG_FILE} names the driver's
     * inputs and the runs folder the run lies in now; the executor's configuration becomes {@value #EXECUTOR_CONFIG}
     * (it stays there when the folder is relocated again).
     */
    void relocate(Path runDir) {
        Path config = runDir.resolve(RunDir.CONFIG_FILE);
        Path executor = runDir.resolve(EXECUTOR_CONFIG);
        try {
            if (!Files.isRegularFile(executor)) {
                Files.move(config, executor);
            }
            List<String> sets = new ArrayList<>(driver);
            sets.add("output.runs_dir=" + runDir.getParent());
            AtomicFiles.writeString(config, ConfigWriter.toYaml(ConfigLoader.load(executor, sets)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot relocate the run folder " + runDir + " fetched from " + storage
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where executors keep their copies, per storage URI: {@value #STAGING_DIR} if set, else
     * {@code <java.io.tmpdir>/sentifuse-staging}. The same path on every worker, because a run folder records the
     * paths it trained with and a retry on another executor resumes from it.
     */
    Path localRoot() {
        String fallback = Path.of(System.getProperty("java.io.tmpdir"), "sentifuse-staging").toString();
        String root = SparkEnv.get() == null ? System.getProperty(STAGING_DIR, fallback)
                : SparkEnv.get().conf().get(STAGING_DIR, fallback);
        return Path.of(root, Checksums.sha256(storage.uri().getBytes(StandardCharsets.UTF_8)).substring(0, 12));
    }

    /**
     * This JVM's Hadoop configuration with the application's {@code spark.hadoop.*} settings: an executor's, or
     * outside a running context the driver's (from its {@code spark.*} system properties, as spark-submit sets them).
     */
    static Configuration hadoopConfiguration() {
        SparkEnv env = SparkEnv.get();
        return SparkHadoopUtil.get().newConfiguration(env == null ? new SparkConf() : env.conf());
    }

    /** SHA-256 (first 12 hex digits) over the files under {@code roots}: relative paths, sizes, modification times. */
    static String digest(Iterable<Path> roots) {
        MessageDigest md = Checksums.sha256();
        for (Path root : roots) {
            md.update(root.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            try {
                Path real = root.toRealPath();
                List<Path> files = InputArchive.files(real);
                if (files.isEmpty()) {
                    throw new UserInputException("--storage: nothing to publish under " + root + " (no files)");
                }
                for (Path f : files) {
                    md.update((real.relativize(f) + "\u0000" + Files.size(f) + "\u0000"
                            + Files.getLastModifiedTime(f).toMillis() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the files to publish under " + root + ": "
                        + e.getMessage(), e);
            }
        }
        return Checksums.hex(md).substring(0, 12);
    }
}
