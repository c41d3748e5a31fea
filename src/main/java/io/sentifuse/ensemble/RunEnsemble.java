package io.sentifuse.ensemble;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.eval.Evaluation;
import io.sentifuse.eval.Metrics;
import io.sentifuse.model.BatchSource;
import io.sentifuse.model.LabelledBatch;
import io.sentifuse.run.RunDir;
import io.sentifuse.train.TrainingMode;
import io.sentifuse.train.TrainingModes;
import io.sentifuse.train.TrainingService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The equal-weight average of the class probabilities of several finished runs on the part they all evaluate on.
 * Each member is reopened from its run folder (its stored configuration and best model, {@code <run>/model/}),
 * through the {@link TrainingMode} that trained it, so it reads exactly the features it was trained on. Members
 * must have evaluated the same pairs in the same order (one dataset, one split seed and protocol); anything else
 * is an error naming both runs.
 */
public final class RunEnsemble {

    /** Which part of the members' split the ensemble is scored on. */
    public enum Part {
        /** The part that chose each member's epoch (the paper protocol's reported figures). */
        VALIDATION,
        /** The held-out part of the standard protocol. */
        TEST
    }

    /**
     * @param members    the member run folders, in the order given
     * @param evaluation the averaged probabilities, their argmax and figures
     * @param memberAccuracy each member's own accuracy on the same part, in member order
     */
    public record Result(List<Path> members, Evaluation evaluation, List<Double> memberAccuracy) {
    }

    private final TrainingModes modes;

    public RunEnsemble(TrainingModes modes) {
        this.modes = modes;
    }

    /**
     * Scores the ensemble of {@code runDirs} on {@code part}.
     *
     * @throws UserInputException when fewer than two members are given, a member has no saved model, a member's
     *                            run has no such part, or two members evaluate different pairs
     */
    public Result evaluate(List<Path> runDirs, Part part) {
        if (runDirs.size() < 2) {
            throw new UserInputException("an ensemble needs at least two runs, got " + runDirs.size());
        }
        List<Evaluation> evaluations = new ArrayList<>();
        for (Path dir : runDirs) {
            evaluations.add(member(dir, part));
        }
        Evaluation first = evaluations.get(0);
        int n = first.ids().size();
        int classes = n == 0 ? 0 : first.probabilities()[0].length;
        float[][] mean = new float[n][classes];
        List<Double> accuracy = new ArrayList<>();
        for (int m = 0; m < evaluations.size(); m++) {
            Evaluation e = evaluations.get(m);
            if (!e.ids().equals(first.ids())) {
                throw new UserInputException("ensemble members " + runDirs.get(0) + " and " + runDirs.get(m)
                        + " evaluate different pairs on their " + part.name().toLowerCase(Locale.ROOT) + " part ("
                        + firstDifference(first.ids(), e.ids()) + "): members must share the dataset, protocol and "
                        + "split seed");
            }
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < classes; c++) {
                    mean[i][c] += e.probabilities()[i][c] / evaluations.size();
                }
            }
            accuracy.add(e.report().accuracy());
        }
        int[] predicted = Metrics.argmax(mean);
        double nll = 0;
        for (int i = 0; i < n; i++) {
            nll -= Math.log(Math.max(mean[i][first.truth()[i]], 1e-12f));
        }
        Evaluation averaged = new Evaluation(Metrics.of(first.truth(), predicted), n == 0 ? Double.NaN : nll / n,
                first.ids(), first.truth(), predicted, mean);
        return new Result(List.copyOf(runDirs), averaged, List.copyOf(accuracy));
    }

    private static String firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return "pair " + (i + 1) + " is " + a.get(i) + " vs " + b.get(i);
            }
        }
        return a.size() + " vs " + b.size() + " pairs";
    }

    /** One member's predictions on {@code part}, from its stored configuration and best model. */
    public Evaluation member(Path runDir, Part part) {
        Path model = runDir.resolve(TrainingService.MODEL_DIR);
        if (!Files.isDirectory(model)) {
            throw new UserInputException("ensemble member " + runDir + " has no trained model (" + model
                    + "): it did not finish");
        }
        ExperimentConfig config = ConfigLoader.load(runDir.resolve(RunDir.CONFIG_FILE), List.of());
        TrainingMode.Prepared<?> prepared = modes.get(config.training().mode()).prepare(config, Optional.of(model));
        return evaluate(prepared, runDir, part, config.training().evalBatchSize());
    }

    private static <B extends LabelledBatch> Evaluation evaluate(TrainingMode.Prepared<B> prepared, Path runDir,
                                                                 Part part, int batchSize) {
        try (var data = prepared.data()) {
            BatchSource<B> source = switch (part) {
                case VALIDATION -> data.validation();
                case TEST -> data.test().orElseThrow(() -> new UserInputException("ensemble member " + runDir
                        + " has no test part (data.protocol paper): score the ensemble on its validation part"));
            };
            return Evaluation.of(prepared.model(), source, batchSize);
        }
    }
}
