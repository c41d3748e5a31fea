package io.sentifuse.features.store;

import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.data.PairRecordReader;
import io.sentifuse.data.PairRecords;
import org.datavec.api.writable.Writable;
import io.sentifuse.data.WorkerThreads;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.image.ImageDecodeException;
import io.sentifuse.image.ImageDecoder;
import io.sentifuse.image.ImageTransform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Computes the missing shards of an image store: decoding and transforming run on worker threads ahead of
 * the encoder, which works on batches in pair order.
 */
final class ImageFill {

    /** What the fill needs from an image encoder (the real one, or a fake in tests). */
    interface Encoder {
        /** Pooled vector width C. */
        int dim();

        /** Regions R of the last feature map. */
        int regions();

        /** Pooled [B, C] and regions [B, R, C] of images [B, 3, S, S] as the transform makes them. */
        INDArray[] encode(INDArray images);
    }

    private ImageFill() {
    }

    /**
     * Encodes every shard the manifest lacks and records each as soon as it is on disk. An image that cannot
     * be read leaves its row empty and is listed in the manifest's {@code missing} (policy skip) or stops the
     * fill with an error naming the pair and the file (policy fail).
     */
    static StoreManifest fill(Path dir, StoreManifest manifest, PairRecordReader records, ImageDecoder decoder,
                              ImageTransform transform, ItemPolicy policy, int workers, Supplier<Encoder> encoder,
                              Supplier<Map<String, Object>> provenance, int batchSize, FillListener listener) {
        ExecutorService pool = WorkerThreads.pool("image-fill", Math.max(1, workers));
        try {
            return ShardFill.run(dir, manifest, manifest.kind() + " features", encoder, provenance, (enc, index, from, to) -> {
                List<List<Writable>> rows = records.records(from, to);
                List<Future<float[]>> inputs = new ArrayList<>(rows.size());
                for (List<Writable> r : rows) {
                    inputs.add(pool.submit(() -> transform.apply(decoder.decode(PairRecords.image(r)))));
                }
                Map<String, String> missing = new LinkedHashMap<>();
                float[][] sections = encodeShard(rows, inputs, enc, transform.size(), policy, batchSize, missing);
                return new ShardFill.Shard(sections, rows.size(), null, enc.dim(), enc.regions(), missing);
            }, listener);
        } finally {
            WorkerThreads.shutdown(pool);
        }
    }

    private static float[][] encodeShard(List<List<Writable>> rows, List<Future<float[]>> inputs, Encoder enc, int size,
                                         ItemPolicy policy, int batchSize, Map<String, String> missing) {
        int n = rows.size();
        int c = enc.dim();
        int r = enc.regions();
        float[] pooled = new float[n * c];
        float[] regions = new float[n * r * c];
        int pixels = 3 * size * size;
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            List<Integer> good = new ArrayList<>();
            List<float[]> images = new ArrayList<>();
            for (int i = start; i < end; i++) {
                float[] image = await(inputs.get(i), rows.get(i), policy, missing);
                if (image != null) {
                    good.add(i);
                    images.add(image);
                }
            }
            if (good.isEmpty()) {
                continue;
            }
            float[] batch = StoreFiles.concat(images.toArray(new float[0][]));
            INDArray input = Nd4j.create(batch, new long[] {good.size(), 3, size, size}, 'c');
            INDArray[] features = enc.encode(input);
            float[] p = StoreFiles.values(features[0]);
            float[] g = StoreFiles.values(features[1]);
            // copied out: free the batch's off-heap arrays now, not whenever the collector gets to them (a fill of
            // 4,000 images otherwise grew past 16 GB resident)
            for (INDArray a : new INDArray[] {input, features[0], features[1]}) {
                a.close();
            }
            // SameDiff leaves each call's intermediate arrays to the collector, which a fill (little Java garbage)
            // seldom runs: the face encoder over 800 images grew to 10.3 GB resident and still growing, 4.0 GB with
            // a collection per batch, which also ran faster (84 s against 99 s: scripts/memory/FaceFillMemory.java)
            Nd4j.getMemoryManager().invokeGc();
            if (p.length != good.size() * c || g.length != good.size() * r * c) {
                throw new IllegalStateException("image encoder returned " + p.length + " pooled and " + g.length
                        + " region values for " + good.size() + " images of " + c + " channels and " + r + " regions");
            }
            for (int k = 0; k < good.size(); k++) {
                int row = good.get(k);
                System.arraycopy(p, k * c, pooled, row * c, c);
                System.arraycopy(g, k * r * c, regions, row * r * c, r * c);
            }
        }
        return new float[][] {pooled, regions};
    }

    /** The transformed image, or null (recorded in {@code missing}) when it cannot be read under policy skip. */
    private static float[] await(Future<float[]> input, List<Writable> pair, ItemPolicy policy,
                                 Map<String, String> missing) {
        try {
            return input.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding the image of pair " + PairRecords.id(pair), e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof ImageDecodeException bad)) {
                throw new IllegalStateException("cannot prepare the image of pair " + PairRecords.id(pair) + " (" + PairRecords.image(pair)
                        + "): " + e.getCause(), e.getCause());
            }
            if (policy == ItemPolicy.FAIL) {
                throw new UserInputException("pair " + PairRecords.id(pair) + ": image " + PairRecords.image(pair) + ": " + bad.problem()
                        + " (data.item_policy is fail; set it to skip to leave such pairs out)", bad);
            }
            missing.put(PairRecords.id(pair), bad.problem());
            return null;
        }
    }
}
