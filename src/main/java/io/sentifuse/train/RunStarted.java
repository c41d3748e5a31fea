package io.sentifuse.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * A run begins or resumes.
 *
 * @param runDir          the run folder
 * @param runName         the configured name
 * @param head            the fusion head's registry name
 * @param totalEpochs     configured epochs
 * @param iterationsPerEpoch optimiser steps in one epoch
 * @param startEpoch      0 for a new run, the next epoch for a resumed one
 * @param startIteration  0 for a new run, the iteration count so far for a resumed one
 * @param parameterCounts trainable parameter name to number of values
 */
public record RunStarted(Path runDir, String runName, String head, int totalEpochs, int iterationsPerEpoch,
                         int startEpoch, long startIteration, Map<String, Long> parameterCounts) {
}
