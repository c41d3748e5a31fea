package io.sentifuse.encoder.image;

import io.sentifuse.seeds.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Feature-extraction throughput of an image model on one or more engines: batches of random images (fixed seed),
 * the pooled and spatial outputs fetched, warm-up batches discarded. With several engines the timed batches
 * alternate between them, so that machine load affects all alike. A benchmark, not a test: call it from
 * {@code sentifuse bench}, and compare engines only within one run on one machine.
 */
public final class ImageThroughput {

    /**
     * @param engine          e.g. {@code onnxruntime}
     * @param batch           images per batch
     * @param batches         timed batches
     * @param imagesPerSecond images / total timed seconds
     * @param medianBatchMs   median wall time of one batch
     * @param batchMs         every timed batch, in order
     */
    public record Result(String engine, int batch, int batches, double imagesPerSecond, double medianBatchMs,
                         List<Double> batchMs) {
    }

    private ImageThroughput() {
    }

    public static Result measure(ImageBatchRunner runner, ImageModelSpec spec, int batch, int warmup, int batches,
            long seed) {
        return interleaved(List.of(runner), spec, batch, warmup, batches, seed).get(0);
    }

    /** Every runner on the same input: {@code warmup} untimed batches each, then {@code batches} timed rounds. */
    public static List<Result> interleaved(List<? extends ImageBatchRunner> runners, ImageModelSpec spec, int batch,
            int warmup, int batches, long seed) {
        float[] input = images(spec, batch, seed);
        List<String> outputs = List.of(spec.pooled(), spec.spatial());
        for (ImageBatchRunner r : runners) {
            for (int i = 0; i < warmup; i++) {
                r.run(input, batch, spec.inputSize(), outputs);
            }
        }
        double[][] ms = new double[runners.size()][batches];
        for (int i = 0; i < batches; i++) {
            for (int k = 0; k < runners.size(); k++) {
                long t0 = System.nanoTime();
                runners.get(k).run(input, batch, spec.inputSize(), outputs);
                ms[k][i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        List<Result> out = new ArrayList<>();
        for (int k = 0; k < runners.size(); k++) {
            double total = Arrays.stream(ms[k]).sum();
            List<Double> each = Arrays.stream(ms[k]).boxed().toList();
            out.add(new Result(runners.get(k).engine(), batch, batches, batch * batches / (total / 1e3),
                    median(ms[k]), each));
        }
        return out;
    }

    /** {@code batch} images of Gaussian noise, NCHW at the model's input size. */
    public static float[] images(ImageModelSpec spec, int batch, long seed) {
        Random random = Seeds.of(seed).random("image-throughput");
        float[] input = new float[batch * 3 * spec.inputSize() * spec.inputSize()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        return input;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
