package io.sentifuse.spark;

import io.sentifuse.cache.CacheRoot;
import io.sentifuse.config.ConfigSchema;
import io.sentifuse.config.ConfigWriter;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.store.EncodeService;
import io.sentifuse.files.Checksums;
import io.sentifuse.sweep.SweepDir;
import io.sentifuse.tune.SweepFile;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sweep whose executors share no local path with the driver, only a {@link SharedStorage} folder. The driver
 * publishes there what a candidate needs ({@link #publish}): the dataset, the split file, the feature stores it
 * filled, and the sweep file with its base experiment resolved into one self-contained file. An executor copies
 * the inputs to its local disk once ({@link #stageInputs}), trains each candidate in a local copy of the sweep
 * folder and sends its run folders back after every epoch and at the end; the driver copies them into its own
 * sweep folder, which stays the one the ledger, the leaderboard, the UI and {@code --resume} read.
 *
 * <p>Layout of the storage folder: {@code inputs/data-<name>-<digest>/}, {@code inputs/split-...},
 * {@code inputs/cache-<digest>/features/<store>} (inputs are named by their files' names, sizes and modification
 * times, so sweeps over the same inputs share them and a changed file is published anew), {@code sweeps/<sweep folder>/sweep.yaml}, {@code base.yaml} and {@code runs/}.
 *
 * @param storage  the shared folder
 * @param sweep    the sweep folder's name
 * @param data     the dataset's input folder and its path inside it
 * @param split    the split file's, or null
 * @param cache    the feature stores' input folder (a cache root)
 */
record StagedSweep(SharedStorage storage, String sweep, Input data, Input split, String cache)
        implements Serializable {

    private static final Logger LOG = LoggerFactory.getLogger(StagedSweep.class);
    /** The resolved base experiment beside the executors' copy of the sweep file. */
    static final String BASE_FILE = "base.yaml";

    /** A published input: its folder in the storage and the path of the file or folder inside it. */
    record Input(String folder, String inside) implements Serializable {
    }

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
        if (features == null) {
            throw new UserInputException("--storage: sweeps through shared storage train on cached frozen features "
                    + "(training.mode: frozen, training.features: cache); " + sweep.base() + " has training.mode: "
                    + ConfigSchema.yamlEnum(base.training().mode()) + ", training.features: "
                    + base.training().features() + " (give the executors a shared path instead)");
        }
        Path dataPath = Path.of(base.data().path()).toAbsolutePath().normalize();
        Input data = publishInput(storage, "data", dataPath, conf);
        Input split = null;
        if (base.data().splitFile() != null && !base.data().splitFile().isBlank()) {
            split = publishInput(storage, "split", Path.of(base.data().splitFile()).toAbsolutePath().normalize(), conf);
        }
        Map<String, Path> contents = new LinkedHashMap<>();
        for (String store : List.of(features.text().store(), features.image().store())) {
            Path dir = Path.of(store);
            contents.put(CacheRoot.FEATURES + "/" + dir.getFileName(), dir);
        }
        String cache = "inputs/cache-" + digest(contents.values());
        if (storage.publishOnce(contents, cache, conf)) {
            LOG.info("published the feature stores {} to {}", contents.keySet(), storage.path(cache));
        }
        StagedSweep staged = new StagedSweep(storage, sweepDir.getFileName().toString(), data, split, cache);
        storage.write(ConfigWriter.toYaml(base), staged.sweepFolder() + "/" + BASE_FILE, conf);
        storage.write(new SweepFile(sweep.file(), sweep.settings(), Path.of(BASE_FILE), sweep.fixed(),
                sweep.parameters(), base).toYaml(), staged.sweepFolder() + "/" + SweepDir.SWEEP_FILE, conf);
        return staged;
    }

    private static Input publishInput(SharedStorage storage, String kind, Path source, Configuration conf) {
        String name = source.getFileName().toString();
        String folder = "inputs/" + kind + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + digest(List.of(source));
        if (storage.publishOnce(Map.of(name, source), folder, conf)) {
            LOG.info("published {} to {}", source, storage.path(folder));
        }
        return new Input(folder, name);
    }

    /**
     * Copies the inputs to {@code localRoot} (once per executor) and the sweep file to {@code localRoot}'s copy of
     * the sweep folder; returns that folder and the overrides that point the sweep at the local copies.
     */
    Staged stageInputs(Path localRoot, Configuration conf) {
        synchronized (StagedSweep.class) {
            List<String> sets = new ArrayList<>();
            sets.add("data.path=" + storage.stage(data.folder(), localRoot, conf).resolve(data.inside()));
            if (split != null) {
                sets.add("data.split_file=" + storage.stage(split.folder(), localRoot, conf).resolve(split.inside()));
            }
            sets.add("output.cache_dir=" + storage.stage(cache, localRoot, conf));
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

    /** SHA-256 (first 12 hex digits) over the files under {@code roots}: relative paths, sizes, modification times. */
    static String digest(Iterable<Path> roots) {
        MessageDigest md = Checksums.sha256();
        for (Path root : roots) {
            md.update(root.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    md.update((root.relativize(f) + "\u0000" + Files.size(f) + "\u0000"
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
