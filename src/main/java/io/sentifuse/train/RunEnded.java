package io.sentifuse.train;

/**
 * A run stops.
 *
 * @param reason     "completed", "early-stopped" or "failed: ..."
 * @param epochsRun  epochs finished in total
 * @param bestEpoch  0-based best epoch by the select metric, -1 when none finished
 */
public record RunEnded(String reason, int epochsRun, int bestEpoch) {
}
