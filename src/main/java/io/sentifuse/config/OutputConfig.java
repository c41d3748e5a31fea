package io.sentifuse.config;

/** Where a run writes. */
public record OutputConfig(
        @Default(value = "runs", doc = "Folder that holds one sub-folder per run.")
        String runsDir,
        @Default(value = "''", doc = "Translated-graph and feature cache; empty means $SENTIFUSE_CACHE or ~/.cache/sentifuse.")
        String cacheDir,
        @Default(value = "2", doc = "Epoch checkpoints kept besides the best one (older ones are deleted).")
        int keepCheckpoints) {
}
