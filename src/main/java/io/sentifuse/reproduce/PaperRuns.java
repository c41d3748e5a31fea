package io.sentifuse.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ConfigWriter;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Checksums;
import io.sentifuse.files.FolderLock;
import io.sentifuse.files.Json;
import io.sentifuse.run.RunDir;
import io.sentifuse.train.TrainRequest;
import io.sentifuse.train.TrainingListener;
import io.sentifuse.train.TrainingReport;
import io.sentifuse.train.TrainingService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of a reproduction, each an ordinary run folder under one runs folder, named
 * {@code paper-<protocol>-<model>-s<seed>} after its timestamp. A run whose folder holds the same resolved
 * configuration is reused when it finished and resumed from its last checkpoint when it did not; any other is
 * trained. So a killed reproduction continues where it stopped, and a second call trains nothing. Each run is
 * obtained under a lock ({@code .locks/} in the runs folder), so reproductions sharing a runs folder in parallel
 * (several processes, Spark tasks, {@code reproduce ablations} beside {@code reproduce paper}) never train one run
 * twice: the later one waits and reuses it. Runs are matched by their configuration with {@code output.runs_dir} set
 * to the folder they lie in now, so a runs folder moved or copied elsewhere (another checkout, a cluster's storage)
 * is reused there, not trained again.
 */
final class PaperRuns {

    /** The folder of the per-run lock files, inside the runs folder. */
    static final String LOCKS = ".locks";

    private static final Logger LOG = LoggerFactory.getLogger(PaperRuns.class);

    /** The field of a training report that names its run folder. */
    static final String RUN_DIR_FIELD = "run_dir";

    /**
     * One run of the table.
     *
     * @param protocol   {@code paper} or {@code standard}
     * @param model      the table's model name
     * @param experiment the experiment file
     * @param seed       the seed (and split)
     * @param sets       overrides of this run alone, applied after the reproduction's (e.g. a warm start)
     */
    record Spec(String protocol, String model, Path experiment, long seed, List<String> sets) {

        Spec {
            sets = List.copyOf(sets);
        }

        Spec(String protocol, String model, Path experiment, long seed) {
            this(protocol, model, experiment, seed, List.of());
        }

        String name() {
            return "paper-" + protocol + "-" + model + "-s" + seed;
        }
    }

    /** A run's report and whether this call trained (or finished) it. */
    record Outcome(Spec spec, JsonNode report, boolean trained) {
    }

    private final TrainingService training;
    private final Path runsDir;
    private final List<String> sets;
    private final List<TrainingListener> listeners;

    PaperRuns(TrainingService training, Path runsDir, List<String> sets) {
        this(training, runsDir, sets, List.of());
    }

    /** With {@code listeners} on every run this trains or resumes. */
    PaperRuns(TrainingService training, Path runsDir, List<String> sets, List<TrainingListener> listeners) {
        this.training = training;
        this.runsDir = runsDir;
        this.sets = List.copyOf(sets);
        this.listeners = List.copyOf(listeners);
    }

    /** The overrides of {@code spec}'s run over its experiment file. */
    private List<String> overrides(Spec spec) {
        List<String> overrides = new ArrayList<>(sets);
        overrides.addAll(spec.sets());
        overrides.add("data.protocol=" + spec.protocol());
        overrides.add("seed=" + spec.seed());
        overrides.add("name=" + spec.name());
        overrides.add("output.runs_dir=" + runsDir);
        return overrides;
    }

    /** The resolved configuration of {@code spec}'s run. */
    ExperimentConfig config(Spec spec) {
        return ConfigLoader.load(spec.experiment(), overrides(spec));
    }

    /** The report of {@code spec}'s run: reused, resumed or trained now. */
    Outcome obtain(Spec spec) {
        List<String> overrides = overrides(spec);
        ExperimentConfig config = ConfigLoader.load(spec.experiment(), overrides);
        String yaml = ConfigWriter.toYaml(config);
        // one process at a time per run: a second reproduction (or Spark task) asking for the same run waits here
        // and then reuses it, instead of training the same folder alongside the first
        try (FolderLock ignored = FolderLock.acquire(lockFile(spec.name(), yaml))) {
            return obtain(spec, overrides, yaml);
        }
    }

    /** The report of {@code spec}'s run when a finished one exists; nothing is trained or resumed. */
    Optional<Outcome> finished(Spec spec) {
        String yaml = ConfigWriter.toYaml(ConfigLoader.load(spec.experiment(), overrides(spec)));
        // the latest finished match: a retry that has not finished yet does not hide an older finished run
        Path existing = find(spec.name(), yaml, true);
        return existing != null ? Optional.of(reused(spec, existing)) : Optional.empty();
    }

    private static Outcome reused(Spec spec, Path existing) {
        ObjectNode report = Json.read(existing.resolve(TrainingReport.JSON_FILE), ObjectNode.class);
        // a moved runs folder: the report names where the run was trained, the table links where it is
        report.put(RUN_DIR_FIELD, existing.toString());
        return new Outcome(spec, report, false);
    }

    /** The lock file of the run {@code name} with configuration {@code yaml}. */
    Path lockFile(String name, String yaml) {
        return runsDir.resolve(LOCKS).resolve(name + "-"
                + Checksums.sha256(yaml.getBytes(StandardCharsets.UTF_8)).substring(0, 16) + ".lock");
    }

    private Outcome obtain(Spec spec, List<String> overrides, String yaml) {
        Path existing = find(spec.name(), yaml, false);
        if (existing != null && Files.isRegularFile(existing.resolve(TrainingReport.JSON_FILE))) {
            return reused(spec, existing);
        }
        if (existing != null) {
            LOG.info("{}: resuming {}", spec.name(), existing);
            return new Outcome(spec, Json.mapper().valueToTree(training.train(new TrainRequest(null, List.of(), existing,
                    false, null, List.of(), listeners))), true);
        }
        return new Outcome(spec, Json.mapper().valueToTree(training.train(new TrainRequest(spec.experiment(), overrides,
                null, false, null, List.of("sentifuse", "reproduce", "paper", "(" + spec.name() + ")"), listeners))),
                true);
    }

    /**
     * The latest run folder named {@code name} whose stored configuration is {@code yaml} (with {@code finished},
     * the latest that has its report), or null.
     */
    private Path find(String name, String yaml, boolean finished) {
        if (!Files.isDirectory(runsDir)) {
            return null;
        }
        try (Stream<Path> s = Files.list(runsDir)) {
            List<Path> candidates = s.filter(p -> p.getFileName().toString().endsWith("-" + name))
                    .filter(p -> Files.isRegularFile(p.resolve(RunDir.CONFIG_FILE))).sorted().toList();
            for (int i = candidates.size() - 1; i >= 0; i--) {
                if ((!finished || Files.isRegularFile(candidates.get(i).resolve(TrainingReport.JSON_FILE)))
                        && storedConfig(candidates.get(i)).equals(yaml)) {
                    return candidates.get(i);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runsDir, e);
        }
    }

    /** {@code run}'s folder as a warm start names it: in this runs folder, as the runs folder is written. */
    static String warmStart(Path runsDir, Path run) {
        return runsDir.resolve(run.getFileName()).toString();
    }

    /**
     * The configuration stored in {@code run}, as YAML, with {@code output.runs_dir} naming the runs folder it lies
     * in now (and a warm start from a run of the same folder named where that run lies now); empty when it cannot be
     * read (a folder some other tool wrote is not a match, not an error).
     */
    private String storedConfig(Path run) {
        try {
            List<String> moved = new ArrayList<>(List.of("output.runs_dir=" + runsDir));
            ExperimentConfig stored = ConfigLoader.load(run.resolve(RunDir.CONFIG_FILE), List.of());
            Path warm = stored.training().warmStart().isEmpty() ? null : Path.of(stored.training().warmStart());
            // a warm start from a run of the same runs folder moves with it; one from elsewhere stays what it was
            if (warm != null && warm.getFileName() != null
                    && Path.of(stored.output().runsDir()).equals(warm.getParent())) {
                moved.add("training.warm_start=" + warmStart(runsDir, warm));
            }
            return ConfigWriter.toYaml(ConfigLoader.load(run.resolve(RunDir.CONFIG_FILE), moved));
        } catch (UserInputException | UncheckedIOException e) {
            LOG.debug("{}: not a reusable run ({})", run, e.getMessage());
            return "";
        }
    }
}
