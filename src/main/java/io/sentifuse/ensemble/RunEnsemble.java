package io.sentifuse.ensemble;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.eval.Evaluation;
import io.sentifuse.eval.Metrics;
import io.sentifuse.features.FeatureBatches;
import io.sentifuse.features.FeatureKind;
import io.sentifuse.features.FeatureSet;
import io.sentifuse.features.FeatureSources;
import io.sentifuse.features.FeatureSplits;
import io.sentifuse.files.Json;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.model.BatchSource;
import io.sentifuse.model.LabelledBatch;
import io.sentifuse.run.RunDir;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.train.TrainingMode;
import io.sentifuse.train.TrainingModes;
import io.sentifuse.train.TrainingService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    private final FeatureSources sources;
    /**
     * Frozen-feature splits already opened, by what they depend on: the members of one seed's ensemble read the same
     * stores, and opening them (dataset checksum, store CRCs) costs more than scoring a head.
     */
    private final Map<String, FeatureSplits> opened = new HashMap<>();

    public RunEnsemble(TrainingModes modes) {
        this.modes = modes;
        this.sources = modes.frozenSources();
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
        List<Double> accuracy = new ArrayList<>();
        List<float[][]> probabilities = new ArrayList<>();
        for (int m = 0; m < evaluations.size(); m++) {
            Evaluation e = evaluations.get(m);
            if (!e.ids().equals(first.ids())) {
                throw new UserInputException("ensemble members " + runDirs.get(0) + " and " + runDirs.get(m)
                        + " evaluate different pairs on their " + part.name().toLowerCase(Locale.ROOT) + " part ("
                        + firstDifference(first.ids(), e.ids()) + "): members must share the dataset, protocol and "
                        + "split seed");
            }
            probabilities.add(e.probabilities());
            accuracy.add(e.report().accuracy());
        }
        float[][] mean = average(probabilities);
        int[] predicted = Metrics.argmax(mean);
        double nll = 0;
        for (int i = 0; i < n; i++) {
            nll -= Math.log(Math.max(mean[i][first.truth()[i]], 1e-12f));
        }
        Evaluation averaged = new Evaluation(Metrics.of(first.truth(), predicted), n == 0 ? Double.NaN : nll / n,
                first.ids(), first.truth(), predicted, mean);
        return new Result(List.copyOf(runDirs), averaged, List.copyOf(accuracy));
    }

    /**
     * The equal-weight mean of several models' class probabilities for the same examples ({@code [n][classes]}
     * each, in the same order): what an ensemble predicts, here and in an ensemble bundle.
     */
    public static float[][] average(List<float[][]> probabilities) {
        float[][] first = probabilities.get(0);
        float[][] mean = new float[first.length][];
        for (int i = 0; i < first.length; i++) {
            mean[i] = new float[first[i].length];
            for (float[][] p : probabilities) {
                for (int c = 0; c < mean[i].length; c++) {
                    mean[i][c] += p[i][c];
                }
            }
            for (int c = 0; c < mean[i].length; c++) {
                mean[i][c] /= probabilities.size();
            }
        }
        return mean;
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
        if (config.training().mode() == TrainingConfig.Mode.FROZEN && sources != null) {
            FusionModel head = FusionModel.load(model);
            FeatureSplits splits = frozenSplits(config, head.inputs());
            FeatureSet set = switch (part) {
                case VALIDATION -> splits.validation();
                case TEST -> splits.test().orElseThrow(() -> noTest(runDir));
            };
            return Evaluation.of(head, new FeatureBatches(set, head.inputs(), Seeds.of(config.seed())),
                    config.training().evalBatchSize());
        }
        TrainingMode.Prepared<?> prepared = modes.get(config.training().mode()).prepare(config, Optional.of(model));
        return evaluate(prepared, runDir, part, config.training().evalBatchSize());
    }

    private static UserInputException noTest(Path runDir) {
        return new UserInputException("ensemble member " + runDir + " has no test part (data.protocol paper): score "
                + "the ensemble on its validation part");
    }

    /**
     * The splits a frozen run with head inputs {@code inputs} read, opened once per dataset, encoders, seed and
     * modalities: every kind of each modality the head reads (pairs are left out by modality, not by kind, so the
     * parts hold exactly the pairs the run's own did).
     */
    private FeatureSplits frozenSplits(ExperimentConfig config, Set<FeatureKind> inputs) {
        Set<FeatureKind> kinds = EnumSet.noneOf(FeatureKind.class);
        if (inputs.contains(FeatureKind.TEXT_POOLED) || inputs.contains(FeatureKind.TEXT_TOKENS)) {
            kinds.addAll(List.of(FeatureKind.TEXT_POOLED, FeatureKind.TEXT_TOKENS));
        }
        if (inputs.contains(FeatureKind.IMAGE_POOLED) || inputs.contains(FeatureKind.IMAGE_REGIONS)) {
            kinds.addAll(List.of(FeatureKind.IMAGE_POOLED, FeatureKind.IMAGE_REGIONS));
        }
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("features", config.training().features());
        key.put("synthetic", config.training().synthetic());
        key.put("data", config.data());
        key.put("text", config.text());
        key.put("image", config.image());
        key.put("seed", config.seed());
        key.put("cache", config.output().cacheDir());
        key.put("kinds", kinds);
        return opened.computeIfAbsent(Json.line(key), k -> sources.get(config.training().features()).load(config, kinds));
    }

    private static <B extends LabelledBatch> Evaluation evaluate(TrainingMode.Prepared<B> prepared, Path runDir,
                                                                 Part part, int batchSize) {
        try (var data = prepared.data()) {
            BatchSource<B> source = switch (part) {
                case VALIDATION -> data.validation();
                case TEST -> data.test().orElseThrow(() -> noTest(runDir));
            };
            return Evaluation.of(prepared.model(), source, batchSize);
        }
    }
}
