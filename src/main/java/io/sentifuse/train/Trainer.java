package io.sentifuse.train;

import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.data.Label;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.eval.Evaluation;
import io.sentifuse.eval.ReportMaps;
import io.sentifuse.model.BatchSource;
import io.sentifuse.model.LabelledBatch;
import io.sentifuse.model.ParamSpec;
import io.sentifuse.model.TrainableModel;
import io.sentifuse.seeds.Seeds;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one training loop of every mode, for any {@link TrainableModel} over {@link TrainingData}: shuffled
 * mini-batches (an order per epoch from the run seed), AdamW with a learning rate per parameter group
 * ({@value ParamSpec#HEAD}, {@value ParamSpec#ENCODER}), decoupled weight decay, global-norm gradient clipping,
 * optional class weights, dropout in training only, validation after every epoch, best epoch by
 * {@code training.select_metric}, early stopping after {@code training.patience} epochs without improvement,
 * and a checkpoint per epoch from which {@link #run} resumes exactly. Events go to the
 * {@link TrainingListener}s.
 *
 * @param <B> the batch type of the model and data
 */
public final class Trainer<B extends LabelledBatch> {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final ExperimentConfig config;
    private final TrainingConfig tc;
    private final TrainableModel<B> model;
    private final TrainingData<B> data;
    private final Path runDir;
    private final Listeners listeners;
    private final Seeds seeds;
    private final Checkpoints checkpoints;

    /**
     * How a run ended.
     *
     * @param epochsRun  epochs finished in total (across resumes)
     * @param bestEpoch  0-based best epoch
     * @param stopReason "completed" or "early-stopped"
     * @param validation the best epoch's model on the validation part
     */
    public record Outcome(int epochsRun, int bestEpoch, String stopReason, Evaluation validation) {
    }

    public Trainer(ExperimentConfig config, TrainableModel<B> model, TrainingData<B> data, Path runDir,
                   List<TrainingListener> listeners) {
        this.config = config;
        this.tc = config.training();
        this.model = model;
        this.data = data;
        this.runDir = runDir;
        this.listeners = new Listeners(listeners);
        this.seeds = Seeds.of(config.seed());
        this.checkpoints = new Checkpoints(runDir, config.output().keepCheckpoints());
    }

    /** Trains from the start, or from {@code resume} (the model must already hold that checkpoint's parameters). */
    public Outcome run(Optional<Checkpoints.Loaded> resume) {
        BatchSource<B> train = data.train();
        int perEpoch = train.batchesPerEpoch(tc.batchSize());
        // both groups in every mode, so metrics files have one structure (frozen runs have no encoder parameters)
        AdamW optimizer = new AdamW(model.parameterSpecs(), Map.of(ParamSpec.HEAD, tc.lr(), ParamSpec.ENCODER, tc.encoderLr()),
                tc.beta1(), tc.beta2(), tc.epsilon(), tc.weightDecay());
        float[] classWeights = classWeights(train);
        CheckpointState state = resume.map(Checkpoints.Loaded::state).orElse(null);
        resume.ifPresent(r -> optimizer.restore(r.optimizer(), r.state().optimizerSteps()));
        long resumedIteration = state == null ? 0 : state.iteration();
        int resumedEpoch = state == null ? -1 : state.epoch();
        JsonLines.retain(runDir.resolve(MetricsWriter.METRICS_FILE), j -> j.path("epoch").asInt() <= resumedEpoch);
        JsonLines.retain(runDir.resolve(MetricsWriter.ITERATIONS_FILE), j -> j.path("i").asLong() <= resumedIteration);

        Map<String, Long> counts = new LinkedHashMap<>();
        model.parameterSpecs().keySet().forEach(p -> counts.put(p, model.parameter(p).length()));
        listeners.onStart(new RunStarted(runDir, config.name(), model.headName(), tc.epochs(), perEpoch,
                resumedEpoch + 1, resumedIteration, counts));
        long iteration = resumedIteration;
        int bestEpoch = state == null ? -1 : state.bestEpoch();
        double bestValue = state == null ? Double.NaN : state.bestValue();
        int stale = state == null ? 0 : state.epochsWithoutImprovement();
        boolean finished = state != null && state.finished();
        String reason = state == null ? "" : state.stopReason();
        int epoch = resumedEpoch + 1;
        try {
            Map<String, INDArray> live = new LinkedHashMap<>();
            model.parameterSpecs().keySet().forEach(p -> live.put(p, model.parameter(p)));
            for (; !finished && epoch < tc.epochs(); epoch++) {
                long started = System.nanoTime();
                double lossSum = 0;
                long examples = 0;
                Iterator<B> batches = train.pass(tc.batchSize(), epoch);
                while (batches.hasNext()) {
                    long stepStart = System.nanoTime();
                    try (B batch = batches.next();
                         TrainableModel.Gradients g = model.gradients(batch, weights(batch, classWeights),
                                 seeds.derive("dropout/step-" + iteration))) {
                        if (!Double.isFinite(g.loss())) {
                            throw new IllegalStateException("the training loss became " + g.loss() + " at step "
                                    + (iteration + 1) + " (epoch " + (epoch + 1) + "); lower training.lr or set "
                                    + "training.grad_clip");
                        }
                        boolean sample = iteration % Math.max(1, tc.statsEvery()) == 0;
                        optimizer.scaleLearningRates(tc.lrFactor(iteration, (long) perEpoch * tc.epochs()));
                        AdamW.StepStats st = optimizer.step(live, g.gradients(), tc.gradClip(), sample);
                        iteration++;
                        lossSum += g.loss() * batch.size();
                        examples += batch.size();
                        listeners.onIteration(new IterationStats(iteration, epoch, g.loss(), optimizer.learningRates(),
                                st.gradientNorm(), st.updateRatios(), st.parameterNorms(), batch.size(),
                                (System.nanoTime() - stepStart) / 1_000_000, System.currentTimeMillis()));
                    }
                }
                if (examples == 0) {
                    throw new UserInputException("epoch " + (epoch + 1) + " had no training examples: every pair of "
                            + "the training part was skipped " + train.skipped());
                }
                Evaluation val = Evaluation.of(model, data.validation(), tc.evalBatchSize());
                double value = metric(val, tc.selectMetric());
                boolean improved = bestEpoch < 0 || better(value, bestValue);
                if (improved) {
                    bestEpoch = epoch;
                    bestValue = value;
                    stale = 0;
                } else {
                    stale++;
                }
                boolean early = tc.patience() > 0 && stale >= tc.patience() && epoch < tc.epochs() - 1;
                finished = early || epoch == tc.epochs() - 1;
                reason = early ? "early-stopped" : finished ? "completed" : "";
                listeners.onEpoch(new EpochStats(epoch, iteration, lossSum / examples,
                        ReportMaps.flatten(val.report(), val.loss()), improved, (System.nanoTime() - started) / 1e9,
                        System.currentTimeMillis()));
                checkpoints.save(new CheckpointState(CheckpointState.FORMAT, epoch, iteration, optimizer.steps(),
                        bestEpoch, bestValue, stale, finished, reason), model, optimizer.state());
                checkpoints.prune(bestEpoch);
                listeners.onCheckpoint(epoch);
                if (early) {
                    LOG.info("early stop after epoch {}: {} did not improve for {} epochs", epoch + 1,
                            tc.selectMetric(), stale);
                    epoch++;
                    break;
                }
            }
            int epochsRun = Math.min(epoch, tc.epochs());
            if (bestEpoch < 0) {
                throw new IllegalStateException("no epoch finished: training.epochs is " + tc.epochs());
            }
            model.restore(Checkpoints.folder(runDir.resolve(Checkpoints.DIR), bestEpoch));
            Evaluation best = Evaluation.of(model, data.validation(), tc.evalBatchSize());
            listeners.onEnd(new RunEnded(reason, epochsRun, bestEpoch));
            return new Outcome(epochsRun, bestEpoch, reason, best);
        } catch (RuntimeException e) {
            listeners.onEnd(new RunEnded("failed: " + e.getMessage(), epoch, bestEpoch));
            throw e;
        }
    }

    /** Balanced weights {@code n / (classes * n_c)} (scikit-learn's), or null for none. */
    private float[] classWeights(BatchSource<B> train) {
        if (tc.classWeights() == TrainingConfig.ClassWeights.NONE) {
            return null;
        }
        long[] counts = new long[Label.COUNT];
        int[] labels = train.labelIndices();
        for (int l : labels) {
            counts[l]++;
        }
        float[] w = new float[Label.COUNT];
        for (int c = 0; c < w.length; c++) {
            w[c] = counts[c] == 0 ? 0f : (float) ((double) labels.length / (Label.COUNT * counts[c]));
        }
        LOG.info("balanced class weights {}", Arrays.toString(w));
        return w;
    }

    private static float[] weights(LabelledBatch batch, float[] classWeights) {
        if (classWeights == null) {
            return null;
        }
        float[] out = new float[batch.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = classWeights[batch.labels()[i]];
        }
        return out;
    }

    static double metric(Evaluation e, TrainingConfig.Metric m) {
        return switch (m) {
            case ACCURACY -> e.report().accuracy();
            case WEIGHTED_F1 -> e.report().weightedF1();
            case MACRO_F1 -> e.report().macroF1();
            case LOSS -> e.loss();
        };
    }

    private boolean better(double value, double best) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return tc.selectMetric() == TrainingConfig.Metric.LOSS ? value < best : value > best;
    }

    /** Calls listeners, so that one that throws cannot stop a run. */
    private static final class Listeners implements TrainingListener {
        private final List<TrainingListener> all;

        Listeners(List<TrainingListener> all) {
            this.all = List.copyOf(all);
        }

        private void each(Consumer<TrainingListener> call) {
            for (TrainingListener l : all) {
                try {
                    call.accept(l);
                } catch (RuntimeException e) {
                    LOG.warn("training listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
                }
            }
        }

        @Override
        public void onStart(RunStarted e) {
            each(l -> l.onStart(e));
        }

        @Override
        public void onIteration(IterationStats s) {
            each(l -> l.onIteration(s));
        }

        @Override
        public void onEpoch(EpochStats s) {
            each(l -> l.onEpoch(s));
        }

        @Override
        public void onCheckpoint(int epoch) {
            each(l -> l.onCheckpoint(epoch));
        }

        @Override
        public void onEnd(RunEnded e) {
            each(l -> l.onEnd(e));
        }
    }
}
