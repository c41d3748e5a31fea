package io.sentifuse.bundle;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code sentifuse bench predict} measured on one bundle (its {@code --json} object).
 *
 * @param model       the bundle file
 * @param head        the bundle's fusion head
 * @param data        the dataset whose pairs were sent
 * @param cpu         the CPU model ({@code /proc/cpuinfo})
 * @param cores       logical cores the JVM sees
 * @param loadAverage the system's one-minute load average when the measurement started (-1 where unknown)
 * @param nd4jBinary  the build of ND4J's native library the encoders ran on ({@code generic}, ..., {@code onednn-avx512})
 * @param warmup      untimed predictions (and requests) before each part
 * @param single      one pair per call through the {@link Predictor}, as {@code predict --text --image}
 * @param batch       every pair of the dataset streamed in batches, as {@code predict --data}
 * @param serve       {@code POST /predict} to an in-process {@link PredictionServer}, one entry per concurrency
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"model", "head", "data", "cpu", "cores", "load_average", "nd4j_binary", "warmup", "single",
        "batch", "serve"})
public record PredictBenchResult(String model, String head, String data, String cpu, int cores, double loadAverage,
                                 String nd4jBinary, int warmup, Latency single, Batch batch, List<Serve> serve) {

    /**
     * Latencies of {@code count} timed calls.
     *
     * @param count  calls timed
     * @param p50Ms  median, in milliseconds
     * @param p95Ms  95th percentile (nearest rank), in milliseconds
     * @param meanMs mean, in milliseconds
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Latency(int count, double p50Ms, double p95Ms, double meanMs) {

        /** Percentiles of {@code nanos} (one entry per call). */
        static Latency of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            double mean = Arrays.stream(sorted).average().orElse(0);
            return new Latency(sorted.length, millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.95)),
                    millis(mean));
        }

        private static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(p * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        private static double millis(double nanos) {
            return Math.round(nanos / 1e4) / 100.0;
        }
    }

    /**
     * Batched throughput.
     *
     * @param pairs          pairs predicted
     * @param skipped        pairs left out (unreadable image, bad record)
     * @param batchSize      pairs per forward pass
     * @param seconds        wall-clock time of the pass (reading and checking the dataset included)
     * @param pairsPerSecond {@code pairs / seconds}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Batch(int pairs, int skipped, int batchSize, double seconds, double pairsPerSecond) {
    }

    /**
     * HTTP load at one concurrency: {@code concurrency} clients, each sending its share of the requests one after
     * the other; every answer was a 200 with a label.
     *
     * @param concurrency       clients sending at once
     * @param requests          requests answered
     * @param seconds           wall-clock time from the first request to the last answer
     * @param requestsPerSecond {@code requests / seconds}
     * @param latency           per-request latency as the client saw it
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Serve(int concurrency, int requests, double seconds, double requestsPerSecond, Latency latency) {
    }
}
