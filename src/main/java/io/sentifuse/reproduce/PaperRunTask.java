package io.sentifuse.reproduce;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ConfigWriter;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Checksums;
import io.sentifuse.files.FolderLock;
import io.sentifuse.files.Json;
import io.sentifuse.train.TrainingService;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a reproduction as a task a {@link RunPool} can ship to another JVM: it obtains the run there with
 * {@link PaperRuns} (reused, resumed or trained) and returns the report as JSON. Without a {@link RunExchange} the
 * task reads the experiment file and writes the run in the driver's runs folder, at the driver's paths; with one it
 * works in the exchange's local runs folder, from the experiment as the driver resolved it (a worker need not have
 * the driver's checkout), under a local lock per run.
 */
final class PaperRunTask implements RunPool.Task<PaperRunTask.Input, PaperRunTask.Output> {

    private static final long serialVersionUID = 1L;
    /** One training service per JVM. */
    private static TrainingService shared;

    /**
     * A {@link PaperRuns.Spec}, shippable, with its experiment file resolved (its {@code extends} chain merged, no
     * overrides) as YAML where the task runs through a {@link RunExchange} (else null).
     */
    record Input(int index, String protocol, String model, String experiment, long seed, ArrayList<String> sets,
                 String resolved) implements Serializable {

        static Input of(int index, PaperRuns.Spec s, boolean resolve) {
            // absolute: an executor in its own JVM starts in its own work folder
            return new Input(index, s.protocol(), s.model(), s.experiment().toAbsolutePath().toString(), s.seed(),
                    new ArrayList<>(s.sets()),
                    resolve ? ConfigWriter.toYaml(ConfigLoader.load(s.experiment(), List.of())) : null);
        }

        /**
         * This spec with its experiment read from {@code folder} (the resolved YAML written there once): a run
         * resolves to the same configuration from it as from the driver's experiment file.
         */
        PaperRuns.Spec specIn(Path folder) {
            Path file = folder.resolve(spec().name() + "-"
                    + Checksums.sha256(resolved.getBytes(StandardCharsets.UTF_8)).substring(0, 12) + ".yaml");
            if (!Files.isRegularFile(file)) {
                AtomicFiles.writeString(file, resolved);
            }
            return new PaperRuns.Spec(protocol, model, file, seed, sets);
        }

        PaperRuns.Spec spec() {
            return new PaperRuns.Spec(protocol, model, Path.of(experiment), seed, sets);
        }
    }

    /** The run's report as JSON and whether the task trained it. */
    record Output(String report, boolean trained) implements Serializable {

        PaperRuns.Outcome outcome(PaperRuns.Spec spec) {
            try {
                return new PaperRuns.Outcome(spec, Json.mapper().readTree(report), trained);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(spec.name() + ": the task's report is not readable: " + e.getMessage(), e);
            }
        }
    }

    private final String runsDir;
    private final ArrayList<String> sets;
    private final RunPool.Training training;
    private final RunExchange exchange;
    private final transient TrainingService local;

    /**
     * Runs in this JVM with {@code local}, elsewhere with what {@code training} builds there; in {@code runsDir}, or
     * in the task's local runs folder of {@code exchange} when it is not null.
     */
    PaperRunTask(Path runsDir, List<String> sets, TrainingService local, RunPool.Training training,
                 RunExchange exchange) {
        this.runsDir = runsDir.toString();
        this.sets = new ArrayList<>(sets);
        this.local = local;
        this.training = training;
        this.exchange = exchange;
    }

    @Override
    public Output apply(Input in) {
        if (exchange == null) {
            PaperRuns.Outcome o = new PaperRuns(service(), Path.of(runsDir), sets).obtain(in.spec());
            return new Output(Json.line(o.report()), o.trained());
        }
        String name = in.spec().name();
        // one attempt at a time per run on this worker: a checkout replaces the local run folders
        try (FolderLock ignored = FolderLock.acquire(exchange.lockFile(name))) {
            RunExchange.Workspace w = exchange.checkout(name);
            List<String> staged = new ArrayList<>(sets);
            staged.addAll(w.sets());
            PaperRuns.Outcome o = new PaperRuns(service(), w.runsDir(), staged, List.of(exchange.sync()))
                    .obtain(in.specIn(w.experiments()));
            exchange.send(Path.of(o.report().get(PaperRuns.RUN_DIR_FIELD).asText()));
            return new Output(Json.line(o.report()), o.trained());
        }
    }

    private TrainingService service() {
        if (local != null) {
            return local;
        }
        synchronized (PaperRunTask.class) {
            if (shared == null) {
                shared = training.get();
            }
            return shared;
        }
    }
}
