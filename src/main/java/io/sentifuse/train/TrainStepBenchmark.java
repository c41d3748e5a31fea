package io.sentifuse.train;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.features.FeatureBatch;
import io.sentifuse.features.FeatureSet;
import io.sentifuse.features.FeatureSplits;
import io.sentifuse.features.SyntheticFeatures;
import io.sentifuse.fusion.FusionHeads;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.fusion.ParamRole;
import io.sentifuse.fusion.Standardization;
import io.sentifuse.model.ParamSpec;
import io.sentifuse.model.TrainableModel;
import io.sentifuse.seeds.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training throughput of a head on cached-size features (for {@code sentifuse bench train}): full optimiser
 * steps (batch assembly from a feature set, forward and backward pass, AdamW update) on generated features
 * of the given widths, after warm-up. Speed figures live here, never in unit tests.
 */
public final class TrainStepBenchmark {

    /**
     * @param head           the head measured
     * @param batchSize      examples per step
     * @param textDim        Dt
     * @param imageDim       Di
     * @param threads        ND4J threads used
     * @param parameters     trainable values of the head
     * @param steps          measured steps (after {@code warmup})
     * @param stepsPerSecond measured steps / total measured seconds
     * @param medianMillis   median step time
     * @param p90Millis      90th percentile step time
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(String head, int batchSize, int textDim, int imageDim, int threads, long parameters,
                         int warmup, int steps, double stepsPerSecond, double medianMillis, double p90Millis) {
    }

    private TrainStepBenchmark() {
    }

    /**
     * Measures {@code head} with the default (paper) fusion settings plus {@code overrides}.
     *
     * @param threads ND4J threads (0 = leave as is)
     */
    public static Result run(String head, int batchSize, int textDim, int imageDim, int warmup, int steps, int threads,
                             List<String> overrides) {
        List<String> sets = new ArrayList<>(List.of("fusion.head=" + head, "training.synthetic.examples="
                + Math.max(10, 4 * batchSize), "training.synthetic.text_dim=" + textDim,
                "training.synthetic.image_dim=" + imageDim, "training.synthetic.regions=49",
                "training.synthetic.tokens=32"));
        sets.addAll(overrides);
        ExperimentConfig config = ConfigLoader.defaults(sets);
        FeatureSplits data = SyntheticFeatures.generate(config.training().synthetic(), Seeds.of(1));
        FeatureSet train = data.train();
        try (ComputeThreads t = ComputeThreads.use(threads)) {
            FusionModel model = FusionModel.build(config.fusion(), train.dims(),
                    Standardization.fit(train, FusionHeads.get(head).inputs()), Seeds.of(2));
            Map<String, ParamSpec> specs = new LinkedHashMap<>();
            Map<String, INDArray> live = new LinkedHashMap<>();
            long params = 0;
            for (Map.Entry<String, ParamRole> e : model.parameters().entrySet()) {
                specs.put(e.getKey(), new ParamSpec(ParamSpec.HEAD, e.getValue().decays()));
                live.put(e.getKey(), model.parameter(e.getKey()));
                params += model.parameter(e.getKey()).length();
            }
            AdamW optimizer = new AdamW(specs, Map.of(ParamSpec.HEAD, 1e-3), 0.9, 0.999, 1e-8, 0.01);
            double[] millis = new double[steps];
            long totalStart = 0;
            for (int i = 0; i < warmup + steps; i++) {
                if (i == warmup) {
                    totalStart = System.nanoTime();
                }
                long start = System.nanoTime();
                int[] idx = new int[batchSize];
                for (int j = 0; j < batchSize; j++) {
                    idx[j] = (i * batchSize + j) % train.size();
                }
                try (FeatureBatch batch = train.batch(idx, model.inputs())) {
                    TrainableModel.Gradients g = model.gradients(batch, null, i);
                    optimizer.step(live, g.gradients(), 1.0, false);
                }
                if (i >= warmup) {
                    millis[i - warmup] = (System.nanoTime() - start) / 1e6;
                }
            }
            double total = (System.nanoTime() - totalStart) / 1e9;
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            return new Result(head, batchSize, textDim, imageDim, threads, params, warmup, steps, steps / total,
                    sorted[steps / 2], sorted[Math.min(steps - 1, (int) Math.ceil(steps * 0.9) - 1)]);
        }
    }
}
