package io.sentifuse.train;

import java.util.Map;

/**
 * One optimiser step.
 *
 * @param iteration        steps since the run began (continues across resume)
 * @param epoch            0-based epoch the step belongs to
 * @param loss             mini-batch loss (mean over the batch, with weight decay excluded)
 * @param learningRates    parameter group ("head", "encoder") to the learning rate used for this step
 * @param gradientNorm     global L2 norm of the gradient before clipping
 * @param updateRatios     parameter name to ||update|| / ||parameter|| for this step (may be sampled:
 *                         empty on steps where it was not computed)
 * @param parameterNorms   parameter name to ||parameter|| (same sampling as updateRatios)
 * @param batchSize        examples in this step
 * @param millis           wall time of the step
 * @param timestampMillis  epoch millis when the step ended
 */
public record IterationStats(long iteration, int epoch, double loss, Map<String, Double> learningRates,
                             double gradientNorm, Map<String, Double> updateRatios,
                             Map<String, Double> parameterNorms, int batchSize, long millis,
                             long timestampMillis) {
}
