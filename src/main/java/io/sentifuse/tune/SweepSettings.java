package io.sentifuse.tune;

import io.sentifuse.config.Default;

/**
 * The scalar sections of a sweep file, bound as strictly as experiment files (unknown keys and wrong types name
 * the key and the line); {@code base}, {@code set} and {@code space} are read by {@link SweepFile}.
 *
 * @param name   the sweep's name (its folder is {@code <output.runs_dir>/sweeps/<UTC timestamp>-<name>})
 * @param seed   the seed candidates are drawn from; candidate seeds are {@code seed, seed + 1, ...}
 * @param search how candidates are drawn
 * @param budget how many, for how long, how many at once
 * @param score  what ranks them
 */
public record SweepSettings(
        @Default(value = "sweep", doc = "The sweep's name; its folder is <output.runs_dir>/sweeps/<UTC timestamp>-<name>.")
        String name,
        @Default(value = "0", doc = "Seed of the candidate draws; candidate k trains with seeds seed, seed + 1, ... (score.seeds_per_candidate of them).")
        long seed,
        Search search,
        Budget budget,
        Score score) {

    /** How candidates are drawn (Arbiter's candidate generators). */
    public record Search(
            @Default(value = "random", doc = "random | grid | genetic.")
            Kind type,
            @Default(value = "3", doc = "grid: values tried per continuous or integer parameter (choices are all tried).")
            int gridPoints,
            @Default(value = "8", doc = "genetic: population size.")
            int population) {
    }

    /** The search strategies. */
    public enum Kind {
        RANDOM,
        GRID,
        GENETIC
    }

    /** Limits of a sweep. */
    public record Budget(
            @Default(value = "10", doc = "Candidates to train at most.")
            int maxCandidates,
            @Default(value = "0", doc = "Minutes after which no new candidate starts (those running finish); 0: no limit.")
            double maxMinutes,
            @Default(value = "1", doc = "Candidates trained at once (each with its share of the compute threads).")
            int parallel) {
    }

    /** What ranks candidates. */
    public record Score(
            @Default(value = "accuracy", doc = "Validation metric: accuracy | weighted-f1 | macro-f1 (a test part never ranks).")
            Metric metric,
            @Default(value = "3", doc = "Seeds (= splits under the paper protocol) each candidate trains with; the score is their mean.")
            int seedsPerCandidate) {
    }

    /** Validation metrics a sweep can rank by. */
    public enum Metric {
        ACCURACY,
        WEIGHTED_F1,
        MACRO_F1
    }
}
