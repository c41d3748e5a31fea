package io.sentifuse.train;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.features.FeatureBatch;
import io.sentifuse.features.FeatureDims;
import io.sentifuse.features.FeatureSet;
import io.sentifuse.fusion.FusionHeads;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.fusion.Standardization;
import io.sentifuse.model.ParamSpec;
import io.sentifuse.model.TrainableModel;
import io.sentifuse.seeds.Seeds;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training throughput of a head on cached-size features (for {@code sentifuse bench train}): full optimiser
 * steps (batch assembly from a feature set, forward and backward pass, AdamW update) on random features of
 * a real run's shapes ({@link BenchmarkFeatures}: batches drawn at random, so the token axis varies per step),
 * after warm-up; then evaluation passes, and from both an epoch's time. Speed figures live here, never in tests.
 */
public final class TrainStepBenchmark {

    /** Distinct examples batches are drawn from. */
    private static final int POOL = 256;
    private static final int EVAL_RUNS = 3;

    /**
     * @param head          fusion head
     * @param batch         examples per step
     * @param textDim       Dt
     * @param imageDim      Di
     * @param regions       image regions per example
     * @param medianTokens  median text length; lengths spread around it as MiniLM's do on MVSA-Single
     * @param maxTokens     longest text (the encoder's max length)
     * @param warmup        untimed steps first
     * @param steps         timed steps
     * @param threads       ND4J threads (0 = leave as is)
     * @param epochExamples training examples per epoch (MVSA-Single's paper split: 3,200)
     * @param evalExamples  examples evaluated after each epoch (800)
     * @param evalBatch     examples per evaluation pass
     * @param profile       also measure CPU time per op type
     * @param overrides     settings on top of base.yaml ({@code fusion.*})
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Settings(String head, int batch, int textDim, int imageDim, int regions, double medianTokens,
                           int maxTokens, int warmup, int steps, int threads, int epochExamples, int evalExamples,
                           int evalBatch, boolean profile, List<String> overrides) {
    }

    /**
     * @param parameters     trainable values of the head
     * @param meanTokens     mean token axis length of the timed batches (their longest text)
     * @param stepsPerSecond timed steps / their total seconds
     * @param medianMillis   median step time
     * @param p90Millis      90th percentile step time
     * @param cpuMillis      CPU time of the training thread per step
     * @param evalMillis     median time of one evaluation pass of {@code evalBatch} examples
     * @param epochSeconds   an epoch's steps at the mean step time plus its evaluation
     * @param opMillis       CPU time inside SameDiff ops per step (with {@code profile}, else 0)
     * @param opsPerStep     SameDiff ops executed per step, forward and gradient (with {@code profile})
     * @param ops            per op type, largest first (with {@code profile}, else empty)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(Settings settings, long parameters, double meanTokens, double stepsPerSecond,
                         double medianMillis, double p90Millis, double cpuMillis, double evalMillis,
                         double epochSeconds, double opMillis, double opsPerStep, List<OpProfiler.Share> ops) {
    }

    private TrainStepBenchmark() {
    }

    public static Result run(Settings s) {
        List<String> sets = new ArrayList<>(List.of("fusion.head=" + s.head()));
        sets.addAll(s.overrides());
        ExperimentConfig config = ConfigLoader.defaults(sets);
        FeatureDims dims = new FeatureDims(s.textDim(), s.imageDim(), s.maxTokens(), s.regions());
        FeatureSet train = BenchmarkFeatures.generate(POOL, dims, s.medianTokens(), Seeds.of(1).random("bench"));
        Random draw = Seeds.of(1).random("bench/batches");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (ComputeThreads t = ComputeThreads.use(s.threads())) {
            FusionModel model = FusionModel.build(config.fusion(), dims,
                    Standardization.fit(train, FusionHeads.get(s.head()).inputs()), Seeds.of(2));
            OpProfiler profiler = OpProfiler.cpu();
            if (s.profile()) {
                model.addListener(profiler);
            }
            Map<String, ParamSpec> specs = new LinkedHashMap<>();
            Map<String, INDArray> live = new LinkedHashMap<>();
            long params = 0;
            for (String name : model.parameters().keySet()) {
                specs.put(name, new ParamSpec(ParamSpec.HEAD, model.parameters().get(name).decays()));
                live.put(name, model.parameter(name));
                params += model.parameter(name).length();
            }
            AdamW optimizer = new AdamW(specs, Map.of(ParamSpec.HEAD, 1e-3), 0.9, 0.999, 1e-8, 0.01);
            double[] millis = new double[s.steps()];
            long tokens = 0;
            long wallStart = 0;
            long cpuStart = 0;
            for (int i = 0; i < s.warmup() + s.steps(); i++) {
                if (i == s.warmup()) {
                    profiler.count(true);
                    wallStart = System.nanoTime();
                    cpuStart = cpu.getCurrentThreadCpuTime();
                }
                long start = System.nanoTime();
                try (FeatureBatch batch = train.batch(draw(draw, s.batch()), model.inputs());
                     TrainableModel.Gradients g = model.gradients(batch, null, i)) {
                    optimizer.step(live, g.gradients(), 1.0, false);
                    if (i >= s.warmup()) {
                        tokens += batch.textMask() == null ? 0 : batch.textMask().size(1);
                        millis[i - s.warmup()] = (System.nanoTime() - start) / 1e6;
                    }
                }
            }
            double total = (System.nanoTime() - wallStart) / 1e9;
            double cpuPerStep = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e6 / s.steps();
            profiler.count(false);
            double eval = evalMillis(model, train, s.evalBatch(), draw);
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            int n = s.steps();
            double stepsPerEpoch = Math.ceil((double) s.epochExamples() / s.batch());
            double epoch = stepsPerEpoch * total / n + eval / 1000 * s.evalExamples() / s.evalBatch();
            return new Result(s, params, (double) tokens / n, n / total, sorted[n / 2],
                    sorted[Math.min(n - 1, (int) Math.ceil(n * 0.9) - 1)], cpuPerStep, eval, epoch,
                    profiler.opNanos() / 1e6 / n, (double) profiler.ops() / n,
                    s.profile() ? profiler.shares(n) : List.of());
        }
    }

    /** Median of {@value #EVAL_RUNS} evaluation passes of {@code size} examples, after one untimed pass. */
    private static double evalMillis(FusionModel model, FeatureSet set, int size, Random draw) {
        double[] millis = new double[EVAL_RUNS];
        for (int i = -1; i < EVAL_RUNS; i++) {
            long start = System.nanoTime();
            try (FeatureBatch batch = set.batch(draw(draw, size), model.inputs())) {
                model.predict(batch);
            }
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(millis);
        return millis[EVAL_RUNS / 2];
    }

    private static int[] draw(Random rng, int n) {
        int[] idx = new int[n];
        for (int j = 0; j < n; j++) {
            idx[j] = rng.nextInt(POOL);
        }
        return idx;
    }
}
