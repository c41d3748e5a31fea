package io.sentifuse.train;

import java.util.Map;

/**
 * One finished epoch.
 *
 * @param epoch           0-based epoch
 * @param iteration       steps since the run began, at the end of this epoch
 * @param trainLoss       mean training loss over the epoch
 * @param validation      validation figures: at least "loss", "accuracy", "weighted_f1", "macro_f1"
 * @param best            whether this epoch is the best so far by the configured select metric
 * @param seconds         wall time of the epoch (training + validation)
 * @param timestampMillis epoch millis when validation ended
 */
public record EpochStats(int epoch, long iteration, double trainLoss, Map<String, Double> validation,
                         boolean best, double seconds, long timestampMillis) {
}
