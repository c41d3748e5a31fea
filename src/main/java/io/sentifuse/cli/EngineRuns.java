package io.sentifuse.cli;

import picocli.CommandLine.Option;

/** How the side-by-side benchmarks ({@code bench text}, {@code bench image}) run each engine. */
final class EngineRuns {

    @Option(names = "--threads", description = "Threads for each engine (default: ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(names = "--iterations", description = "Timed runs (passes or batches) of each engine (default: ${DEFAULT-VALUE}).")
    int iterations = 10;

    @Option(names = "--profile", paramLabel = "PASSES", description = "After the timed runs, profile this many more "
            + "SameDiff runs: time inside ops (per op type) and between them (default: 0, none).")
    int profile;
}
