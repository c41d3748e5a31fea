package io.sentifuse.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The training benchmark's bookkeeping (its timings are for {@code sentifuse bench train}, not asserted here). */
class TrainStepBenchmarkTest {

    @Test
    void textLengthsSpreadLikeMiniLmTokenCountsOnMvsaSingle() {
        Random rng = new Random(5);
        int[] lengths = new int[20_000];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = BenchmarkFeatures.tokens(rng, BenchmarkFeatures.MEDIAN_TOKENS, 128);
        }
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        // MVSA-Single through all-MiniLM-L6-v2's tokenizer: median 29, 90th percentile 48, mean 31
        assertThat(sorted[sorted.length / 2]).isBetween(27, 30);
        assertThat(sorted[sorted.length * 9 / 10]).isBetween(44, 50);
        assertThat(Arrays.stream(lengths).average().orElseThrow()).isCloseTo(30.5, within(1.5));
        // the token axis of a batch of 16 is its longest text: mostly 45-65 on MVSA-Single
        int[] longest = new int[2000];
        for (int b = 0; b < longest.length; b++) {
            for (int j = 0; j < 16; j++) {
                longest[b] = Math.max(longest[b], lengths[rng.nextInt(lengths.length)]);
            }
        }
        Arrays.sort(longest);
        assertThat(longest[longest.length / 2]).isBetween(50, 60);
    }

    @Test
    void reportsStepsEpochAndOpShares() {
        TrainStepBenchmark.Result r = TrainStepBenchmark.run(new TrainStepBenchmark.Settings("cmac", 4, 12, 10, 3, 5,
                12, 2, 4, 1, 40, 20, 8, true, List.of("fusion.projection_dim=8", "fusion.heads=2",
                "fusion.ffn_dim=16", "fusion.hidden_dim=8")));
        assertThat(r.parameters()).isPositive();
        assertThat(r.meanTokens()).isBetween(3.0, 12.0);
        assertThat(r.stepsPerSecond()).isPositive();
        assertThat(r.medianMillis()).isPositive().isLessThanOrEqualTo(r.p90Millis());
        assertThat(r.evalMillis()).isPositive();
        // 10 steps of 4 examples at the mean step time, plus 20 / 8 evaluation passes
        assertThat(r.epochSeconds()).isCloseTo(10 / r.stepsPerSecond() + 2.5 * r.evalMillis() / 1000, within(1e-9));
        assertThat(r.opsPerStep()).isGreaterThan(100);
        assertThat(r.opMillis()).isPositive().isLessThanOrEqualTo(r.cpuMillis());
        assertThat(r.ops()).extracting(OpProfiler.Share::op).contains("matmul", "matmul_bp", "softmax", "softmax_bp");
        assertThat(r.ops().stream().mapToDouble(OpProfiler.Share::share).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(r.ops().stream().mapToDouble(OpProfiler.Share::perStep).sum()).isCloseTo(r.opsPerStep(),
                within(1e-9));
    }
}
