package io.sentifuse.train;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ConfigSchema;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.FusionConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.config.UiConfig;
import io.sentifuse.encoder.TextLayers;
import io.sentifuse.encoder.TextModelChoice;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.eval.Evaluation;
import io.sentifuse.features.FeatureKind;
import io.sentifuse.fusion.FusionHead;
import io.sentifuse.fusion.FusionHeads;
import io.sentifuse.model.BatchSource;
import io.sentifuse.model.LabelledBatch;
import io.sentifuse.model.TrainableModel;
import io.sentifuse.run.RunDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run end to end, in any {@code training.mode}: resolve the configuration (or reopen a run folder
 * to resume it), let the mode's {@link TrainingMode} supply the model (new, or restored from the latest
 * checkpoint) and the data, train with the {@link Trainer} (the metrics writer, the caller's listeners and
 * the listeners of the {@link TrainingListenerFactory}s this service was given, e.g. the UI), then save the best model
 * to {@code <run>/model/} and write the report.
 */
public final class TrainingService {

    /** The best epoch's model, as {@link TrainableModel#save} writes it. */
    public static final String MODEL_DIR = "model";
    private static final Logger LOG = LoggerFactory.getLogger(TrainingService.class);

    private final TrainingModes modes;
    private final List<TrainingListenerFactory> factories;
    private final Clock clock;

    public TrainingService(TrainingModes modes, List<TrainingListenerFactory> factories, Clock clock) {
        this.modes = modes;
        this.factories = List.copyOf(factories);
        this.clock = clock;
    }

    /** The training modes this service trains with (ensembles reopen finished runs through them). */
    public TrainingModes modes() {
        return modes;
    }

    public TrainingResult train(TrainRequest request) {
        long started = System.nanoTime();
        boolean resuming = request.resumeDir() != null;
        ExperimentConfig config;
        RunDir run;
        if (resuming) {
            if (!request.overrides().isEmpty()) {
                throw new UserInputException("--set cannot be combined with --resume: a resumed run keeps the "
                        + "configuration stored in " + request.resumeDir().resolve(RunDir.CONFIG_FILE));
            }
            if (!Files.isDirectory(request.resumeDir())) {
                throw new UserInputException("--resume " + request.resumeDir() + ": no such run folder");
            }
            config = ConfigLoader.load(request.resumeDir().resolve(RunDir.CONFIG_FILE), List.of());
            validate(config);
            run = RunDir.open(request.resumeDir());
        } else {
            if (request.experiment() == null) {
                throw new UserInputException("train needs an experiment file (or --resume RUN_DIR)");
            }
            config = ConfigLoader.load(request.experiment(), request.overrides());
            validate(config);
            run = RunDir.create(config, request.commandLine(), clock);
        }
        config = withUi(config, request.ui(), request.uiHost());
        try (run) {
            Optional<Checkpoints.Loaded> checkpoint = resuming
                    ? new Checkpoints(run.path(), config.output().keepCheckpoints()).latest() : Optional.empty();
            checkpoint.ifPresent(c -> LOG.info("resuming {} after epoch {}", run.path(), c.state().epoch() + 1));
            // preparing may fill feature stores, which runs the encoders: on every core, not on the training's threads
            // (a frozen run's one thread filled MobileNetV2's MVSA store at 29 images/s against 40 on two)
            TrainingMode.Prepared<?> prepared = modes.get(config.training().mode())
                    .prepare(config, checkpoint.map(Checkpoints.Loaded::dir));
            try (ComputeThreads threads = ComputeThreads.use(threads(config.training()))) {
                return train(request, config, run, prepared, checkpoint, resuming, started);
            }
        }
    }

    private <B extends LabelledBatch> TrainingResult train(TrainRequest request, ExperimentConfig config, RunDir run,
                                                           TrainingMode.Prepared<B> prepared,
                                                           Optional<Checkpoints.Loaded> checkpoint, boolean resuming,
                                                           long started) {
        List<AutoCloseable> closeables = new ArrayList<>();
        TrainableModel<B> model = prepared.model();
        try (TrainingData<B> data = prepared.data()) {
            data.provenance().forEach(run::recordProvenance);
            List<TrainingListener> listeners = new ArrayList<>();
            MetricsWriter writer = new MetricsWriter(run.path(), run::recordProvenance);
            closeables.add(writer);
            listeners.add(writer);
            listeners.addAll(request.extraListeners());
            int plugged = 0;
            for (TrainingListenerFactory f : factories) {
                TrainingListener l = f.create(config, run.path());
                if (l != null) {
                    plugged++;
                    listeners.add(l);
                    if (l instanceof AutoCloseable c) {
                        closeables.add(c);
                    }
                }
            }
            if (config.ui().enabled() && plugged == 0) {
                LOG.warn("ui.enabled is set but no training UI is installed in this build; training without it");
            }
            Trainer.Outcome outcome = new Trainer<>(config, model, data, run.path(), listeners).run(checkpoint);
            model.save(run.path().resolve(MODEL_DIR));
            TrainingResult result = result(config, run.path(), model, data, outcome, resuming,
                    (System.nanoTime() - started) / 1e9);
            recordSkipped(run, data);
            TrainingReport.write(run.path(), result);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("mode", ConfigSchema.yamlEnum(config.training().mode()));
            summary.put("head", result.head());
            summary.put("epochs_run", result.epochsRun());
            summary.put("best_epoch", result.bestEpoch());
            summary.put("stop_reason", result.stopReason());
            summary.put("val_accuracy", result.val().accuracy());
            summary.put("val_weighted_f1", result.val().weightedF1());
            run.recordProvenance("training", summary);
            return result;
        } finally {
            for (AutoCloseable c : closeables) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("cannot close {}: {}", c.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }

    /** Pairs that passes left out (fine-tuning reads images as it goes), when there were any. */
    private static void recordSkipped(RunDir run, TrainingData<?> data) {
        Map<String, String> skipped = new LinkedHashMap<>();
        for (BatchSource<?> part : data.parts()) {
            for (String s : part.skipped()) {
                int colon = s.indexOf(": ");
                skipped.put(colon < 0 ? s : s.substring(0, colon), colon < 0 ? "" : s.substring(colon + 2));
            }
        }
        if (!skipped.isEmpty()) {
            run.recordProvenance("skipped_pairs", skipped);
        }
    }

    private static <B extends LabelledBatch> TrainingResult result(ExperimentConfig config, Path runDir,
                                                                   TrainableModel<B> model, TrainingData<B> data,
                                                                   Trainer.Outcome outcome, boolean resumed,
                                                                   double seconds) {
        Evaluation v = outcome.validation();
        TrainingResult.Figures test = data.test().map(part -> {
            Evaluation t = Evaluation.of(model, part, config.training().evalBatchSize());
            return new TrainingResult.Figures(t.report().accuracy(), t.report().weightedF1(), t.report().macroF1(),
                    t.loss());
        }).orElse(null);
        return new TrainingResult(runDir, config.name(), model.headName(), outcome.epochsRun(),
                config.training().epochs(), outcome.bestEpoch(), outcome.stopReason(),
                ConfigSchema.yamlEnum(config.training().selectMetric()),
                new TrainingResult.Figures(v.report().accuracy(), v.report().weightedF1(), v.report().macroF1(),
                        v.loss()),
                v.report().perClass(), v.report().confusion(), test, data.train().size(), data.validation().size(),
                model.parameterCount(), resumed, seconds);
    }

    private static int threads(TrainingConfig t) {
        if (t.threads() > 0) {
            return t.threads();
        }
        return t.mode() == TrainingConfig.Mode.FROZEN ? 1 : 0;
    }

    private static ExperimentConfig withUi(ExperimentConfig c, boolean ui, String host) {
        if (!ui && host == null) {
            return c;
        }
        UiConfig u = new UiConfig(ui || c.ui().enabled(), host == null ? c.ui().host() : host, c.ui().port());
        return new ExperimentConfig(c.version(), c.name(), c.seed(), c.data(), c.text(), c.image(), c.fusion(),
                c.training(), c.output(), u);
    }

    /** Checks the settings the trainer and this service's mode for them depend on. */
    void validate(ExperimentConfig c) {
        check(c);
        modes.get(c.training().mode()).validate(c);
    }

    /**
     * Checks the settings every training run depends on, whatever its mode, naming the key and what it must be
     * (sweeps check every end of their ranges with it before anything trains).
     *
     * @throws UserInputException on the first setting out of its range
     */
    public static void check(ExperimentConfig c) {
        TrainingConfig t = c.training();
        FusionConfig f = c.fusion();
        FusionHeads.get(f.head());
        positive("training.epochs", t.epochs());
        positive("training.batch_size", t.batchSize());
        positive("training.eval_batch_size", t.evalBatchSize());
        positive("training.stats_every", t.statsEvery());
        positive("output.keep_checkpoints", c.output().keepCheckpoints());
        positive("fusion.projection_dim", f.projectionDim());
        positive("fusion.hidden_dim", f.hiddenDim());
        if (!(t.lr() > 0)) {
            throw new UserInputException("training.lr must be positive, got " + t.lr());
        }
        if (t.weightDecay() < 0 || t.gradClip() < 0 || t.patience() < 0 || t.threads() < 0 || t.warmupSteps() < 0) {
            throw new UserInputException("training.weight_decay, grad_clip, patience, threads and warmup_steps must not "
                    + "be negative");
        }
        if (t.beta1() < 0 || t.beta1() >= 1 || t.beta2() < 0 || t.beta2() >= 1 || !(t.epsilon() > 0)) {
            throw new UserInputException("training.beta1 and beta2 must be in [0, 1) and epsilon positive, got "
                    + t.beta1() + ", " + t.beta2() + ", " + t.epsilon());
        }
        rate("fusion.dropout", f.dropout());
        rate("fusion.input_dropout", f.inputDropout());
        rate("fusion.attention_dropout", f.attentionDropout());
        TextLayers.check(c.text().layers(), "text.layers");
        checkExtraTextModels(c);
    }

    /**
     * {@code text.extra_models}: each a preset or an ONNX file with its tokenizer beside it, and only for heads
     * that read pooled text alone (token states come from one encoder).
     */
    private static void checkExtraTextModels(ExperimentConfig c) {
        List<String> extra = c.text().extraModels();
        FusionHead head = FusionHeads.get(c.fusion().head());
        if (!extra.isEmpty() && head.inputs().contains(FeatureKind.TEXT_TOKENS)) {
            throw new UserInputException("text.extra_models: head " + head.name() + " reads token states, which one "
                    + "text encoder gives; extra text encoders extend the pooled text vector only (heads "
                    + FusionHeads.names().stream().filter(h -> {
                        var in = FusionHeads.get(h).inputs();
                        return in.contains(FeatureKind.TEXT_POOLED) && !in.contains(FeatureKind.TEXT_TOKENS);
                    }).toList() + ")");
        }
        for (int i = 0; i < extra.size(); i++) {
            String key = "text.extra_models[" + i + "]";
            TextModelChoice.named(extra.get(i), key).requireBesideTokenizer(key);
        }
    }

    private static void rate(String key, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new UserInputException(key + " must be in [0, 1), got " + value);
        }
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new UserInputException(key + " must be at least 1, got " + value);
        }
    }
}
