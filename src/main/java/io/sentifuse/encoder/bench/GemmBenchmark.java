package io.sentifuse.encoder.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.sentifuse.system.LoadedNd4jBinary;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's physical reference for the other benchmarks: single-precision matrix multiplication (ND4J's BLAS
 * GEMM, the kernel behind the encoders' dense layers) of two n x n matrices, GFLOP/s = 2 n^3 / time, median after
 * warm-up. An encoder that reaches a small share of it is bound by something else (per-op dispatch, memory).
 */
public final class GemmBenchmark {

    /**
     * @param size       n
     * @param threads    ND4J threads during the measurement
     * @param medianMs   median time of one multiplication
     * @param gflops     2 n^3 / median
     * @param binary     the ND4J native binary that ran it
     * @param ms         every timed multiplication
     */
    @JsonPropertyOrder({"size", "threads", "median_ms", "gflops", "binary", "ms"})
    public record Result(@JsonProperty("size") int size, @JsonProperty("threads") int threads,
                         @JsonProperty("median_ms") double medianMs, @JsonProperty("gflops") double gflops,
                         @JsonProperty("binary") String binary, @JsonProperty("ms") List<Double> ms) {
    }

    private GemmBenchmark() {
    }

    /** Times {@code iterations} multiplications of n x n matrices after {@code warmup} untimed ones. */
    public static Result run(int size, int threads, int warmup, int iterations) {
        TextBenchmark.limitNd4jThreads(threads, threads, threads, threads);
        Nd4j.getRandom().setSeed(0);
        try (INDArray a = Nd4j.rand(DataType.FLOAT, size, size);
             INDArray b = Nd4j.rand(DataType.FLOAT, size, size);
             INDArray c = Nd4j.create(DataType.FLOAT, size, size)) {
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < warmup + iterations; i++) {
                long start = System.nanoTime();
                a.mmul(b, c);
                double took = (System.nanoTime() - start) / 1e6;
                if (i >= warmup) {
                    ms.add(took);
                }
            }
            double median = TextBenchmark.median(ms);
            double gflops = 2.0 * size * size * (double) size / (median / 1e3) / 1e9;
            return new Result(size, threads, median, gflops, LoadedNd4jBinary.read().name(), List.copyOf(ms));
        }
    }
}
