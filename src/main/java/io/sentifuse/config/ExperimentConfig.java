package io.sentifuse.config;

/**
 * One experiment: everything a run needs, resolved from YAML files, their {@code extends:} parents and
 * command-line overrides. Every run stores this record (as YAML) in its folder.
 */
public record ExperimentConfig(
        @Default(value = "1", doc = "Schema version of the file; 1 is the only version.")
        int version,
        @Default(value = "experiment", doc = "Run name; a run's folder is <output.runs_dir>/<UTC timestamp>-<name>.")
        String name,
        @Default(value = "42", doc = "The one seed from which every random source of a run (split, init, shuffling, dropout) derives.")
        long seed,
        DataConfig data,
        TextConfig text,
        ImageConfig image,
        FusionConfig fusion,
        TrainingConfig training,
        OutputConfig output,
        UiConfig ui) {

    /** The schema version this build reads. */
    public static final int SCHEMA_VERSION = 1;
}
