package io.sentifuse.data.stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.sentifuse.data.PairRecordReader;
import io.sentifuse.model.BatchSource;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.text.Tokenizer;
import java.lang.management.ManagementFactory;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of the input pipeline: pairs per second read, decoded, transformed (e.g. to 224x224 network
 * inputs), tokenized and assembled into batches by {@link PairStream}, with a consumer that does
 * nothing else. This is the ceiling the data side puts on training speed. Target on 2 cores: 200 pairs/s
 * or more at 224x224. Meant for {@code sentifuse bench data}; the transform and tokenizer are parameters so
 * the figure is measured with the model's real preprocessing.
 */
public final class DataBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(DataBenchmark.class);

    private DataBenchmark() {
    }

    /** One measurement. */
    @JsonPropertyOrder({"pairs", "skipped", "seconds", "pairs_per_second", "cpu_seconds", "cpu_ms_per_pair", "workers",
            "batch_size",
            "prefetch_batches", "image_size", "transform", "warmup_batches"})
    public record Result(
            @JsonProperty("pairs") int pairs,
            @JsonProperty("skipped") int skipped,
            @JsonProperty("seconds") double seconds,
            @JsonProperty("pairs_per_second") double pairsPerSecond,
            @JsonProperty("cpu_seconds") double cpuSeconds,
            @JsonProperty("cpu_ms_per_pair") double cpuMsPerPair,
            @JsonProperty("workers") int workers,
            @JsonProperty("batch_size") int batchSize,
            @JsonProperty("prefetch_batches") int prefetchBatches,
            @JsonProperty("image_size") int imageSize,
            @JsonProperty("transform") String transform,
            @JsonProperty("warmup_batches") int warmupBatches) {
    }

    /**
     * Streams {@code pairs} once in file order; the first {@code warmupBatches} batches (native library
     * loading, JIT) are not timed. Besides wall-clock throughput the result gives the process CPU time per
     * pair over the timed part: on a shared machine that figure, not the wall clock, says what dedicated
     * cores would do ({@code cores * 1000 / cpu_ms_per_pair} pairs/s at best).
     */
    public static Result run(PairRecordReader pairs, Tokenizer tokenizer, ImageTransform transform, int maxLength,
                             int workers, int batchSize, int prefetchBatches, int warmupBatches) {
        int counted = 0;
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        int batches = 0;
        int skipped;
        try (PairStream stream = PairStream.builder(pairs, tokenizer, transform)
                .maxLength(maxLength).workers(workers).prefetchBatches(prefetchBatches).build()) {
            Iterator<PairBatch> it = stream.pass(batchSize, BatchSource.IN_ORDER);
            while (it.hasNext()) {
                try (PairBatch batch = it.next()) {
                    batches++;
                    if (batches == warmupBatches) {
                        start = System.nanoTime();
                        cpuStart = cpuNanos();
                    } else if (batches > warmupBatches) {
                        counted += batch.size();
                    }
                }
            }
            skipped = stream.skipped().size();
        }
        if (batches <= warmupBatches) {
            throw new io.sentifuse.errors.UserInputException(pairs.size() + " pairs make " + batches + " batches of " + batchSize
                    + ": not more than the " + warmupBatches + " warm-up batches; give more pairs");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (cpuNanos() - cpuStart) / 1e9;
        Result r = new Result(counted, skipped, Math.round(seconds * 1000) / 1000.0,
                Math.round(counted / seconds * 10) / 10.0, Math.round(cpu * 1000) / 1000.0,
                Math.round(cpu * 1e6 / counted) / 1000.0, workers, batchSize, prefetchBatches, transform.size(),
                transform.getClass().getSimpleName(), warmupBatches);
        LOG.info("data pipeline: {} pairs in {} s = {} pairs/s, {} CPU ms per pair ({} workers, batch {}, {}x{} images)",
                r.pairs(), r.seconds(), r.pairsPerSecond(), r.cpuMsPerPair(), workers, batchSize, transform.size(),
                transform.size());
        return r;
    }

    /** CPU time of the whole process (all threads, GC included), or -1 where the JVM does not say. */
    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
