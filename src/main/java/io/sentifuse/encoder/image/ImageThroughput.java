package io.sentifuse.encoder.image;

import io.sentifuse.repro.Seeds;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Feature-extraction throughput of an image model on one engine: batches of random images (fixed seed), the
 * pooled and spatial outputs fetched, warm-up batches discarded. A benchmark, not a test: call it from
 * {@code sentifuse bench}, and compare engines only within one run on one machine.
 */
public final class ImageThroughput {

    /**
     * @param engine         e.g. {@code onnxruntime}
     * @param batch          images per batch
     * @param batches        timed batches
     * @param imagesPerSecond images / total timed seconds
     * @param medianBatchMs  median wall time of one batch
     */
    public record Result(String engine, int batch, int batches, double imagesPerSecond, double medianBatchMs) {
    }

    private ImageThroughput() {
    }

    public static Result measure(ImageBatchRunner runner, ImageModelSpec spec, int batch, int warmup, int batches,
            long seed) {
        Random random = Seeds.of(seed).random("image-throughput");
        int n = batch * 3 * spec.inputSize() * spec.inputSize();
        float[] input = new float[n];
        for (int i = 0; i < n; i++) {
            input[i] = (float) random.nextGaussian();
        }
        List<String> outputs = List.of(spec.pooled(), spec.spatial());
        for (int i = 0; i < warmup; i++) {
            runner.run(input, batch, spec.inputSize(), outputs);
        }
        double[] ms = new double[batches];
        long total = 0;
        for (int i = 0; i < batches; i++) {
            long t0 = System.nanoTime();
            runner.run(input, batch, spec.inputSize(), outputs);
            long dt = System.nanoTime() - t0;
            total += dt;
            ms[i] = dt / 1e6;
        }
        Arrays.sort(ms);
        return new Result(runner.engine(), batch, batches, (double) batch * batches / (total / 1e9), ms[batches / 2]);
    }
}
