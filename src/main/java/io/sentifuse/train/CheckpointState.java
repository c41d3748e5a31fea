package io.sentifuse.train;

/**
 * Where a run stood at the end of an epoch: everything besides the arrays that resuming needs. Shuffling
 * and dropout draw from seeds derived from (run seed, epoch) and (run seed, iteration), so no generator state
 * has to be stored.
 *
 * @param format                   {@value #FORMAT}
 * @param epoch                    the 0-based epoch this checkpoint ends
 * @param iteration                optimiser steps taken since the run began
 * @param optimizerSteps           AdamW's bias-correction step count
 * @param bestEpoch                best epoch so far by the select metric
 * @param bestValue                its select-metric value
 * @param epochsWithoutImprovement for early stopping
 * @param finished                 no epoch is left to run (last epoch done, or stopped early)
 * @param stopReason               "completed", "early-stopped", or empty while running
 */
public record CheckpointState(int format, int epoch, long iteration, long optimizerSteps, int bestEpoch,
                              double bestValue, int epochsWithoutImprovement, boolean finished, String stopReason) {

    public static final int FORMAT = 1;
}
