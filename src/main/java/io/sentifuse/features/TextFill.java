package io.sentifuse.features;

import io.sentifuse.data.Pair;
import io.sentifuse.encoder.TextEncoder;
import io.sentifuse.encoder.TokenTensors;
import io.sentifuse.text.Encoding;
import io.sentifuse.text.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Computes the missing shards of a text store. */
final class TextFill {

    /** What the fill needs from a text encoder (the real one, or a fake in tests). */
    @FunctionalInterface
    interface Encoder {
        TextEncoder.Features encode(TokenTensors batch);
    }

    private TextFill() {
    }

    /**
     * Encodes every shard the manifest lacks and records each as soon as it is on disk.
     *
     * @param items     the pairs in manifest row order
     * @param encoder   called only if some shard is missing
     * @param batchSize texts per encoder call (sorted by length inside a shard, so padding stays small)
     * @return the complete manifest
     */
    static StoreManifest fill(Path dir, StoreManifest manifest, List<Pair> items, Tokenizer tokenizer, int maxLength,
                              Supplier<Encoder> encoder, Supplier<Map<String, Object>> provenance, int batchSize,
                              FillListener listener) {
        int total = items.size();
        Encoder enc = null;
        Map<String, Object> prov = null;
        for (int s = 0; s < manifest.shardCount(); s++) {
            if (manifest.shards().containsKey(s)) {
                continue;
            }
            if (enc == null) {
                enc = encoder.get();
                prov = provenance.get();
                // the rate counts from here: loading the encoder is not encoding
                listener.progress("text features", doneRows(manifest, total), total);
            }
            int from = s * manifest.shardRows();
            List<Pair> rows = items.subList(from, Math.min(total, from + manifest.shardRows()));
            Shard shard = encodeShard(rows, tokenizer, maxLength, enc, batchSize);
            long[] written = StoreFiles.writeShard(StoreFiles.shard(dir, s), shard.mean, shard.cls, shard.tokens);
            manifest = manifest.withShard(s, new StoreManifest.ShardInfo(rows.size(), written[0], written[1],
                    shard.lengths), shard.dim, 0, Map.of(), prov);
            StoreFiles.writeManifest(dir, manifest);
            listener.progress("text features", doneRows(manifest, total), total);
        }
        return manifest;
    }

    static int doneRows(StoreManifest manifest, int total) {
        return manifest.shards().values().stream().mapToInt(StoreManifest.ShardInfo::rows).sum();
    }

    private record Shard(float[] mean, float[] cls, float[] tokens, int[] lengths, int dim) {
    }

    private static Shard encodeShard(List<Pair> rows, Tokenizer tokenizer, int maxLength, Encoder enc, int batchSize) {
        int n = rows.size();
        List<Encoding> encodings = new ArrayList<>(n);
        for (Pair p : rows) {
            encodings.add(tokenizer.encode(p.text(), maxLength));
        }
        int[] order = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingInt(i -> encodings.get(i).length())).mapToInt(Integer::intValue).toArray();
        float[][] mean = new float[n][];
        float[][] cls = new float[n][];
        float[][] tokens = new float[n][];
        int dim = 0;
        for (int start = 0; start < n; start += batchSize) {
            int[] batch = java.util.Arrays.copyOfRange(order, start, Math.min(n, start + batchSize));
            List<Encoding> batchEncodings = new ArrayList<>(batch.length);
            for (int i : batch) {
                batchEncodings.add(encodings.get(i));
            }
            TextEncoder.Features f = enc.encode(TokenTensors.pad(batchEncodings, tokenizer.padId()));
            INDArray states = floats(f.tokenStates());
            long t = states.size(1);
            dim = (int) states.size(2);
            float[] all = states.data().asFloat();
            float[] means = floats(f.mean()).data().asFloat();
            float[] clss = floats(f.cls()).data().asFloat();
            for (int b = 0; b < batch.length; b++) {
                int row = batch[b];
                int len = encodings.get(row).length();
                int base = (int) (b * t * dim);
                tokens[row] = java.util.Arrays.copyOfRange(all, base, base + len * dim);
                mean[row] = java.util.Arrays.copyOfRange(means, b * dim, (b + 1) * dim);
                cls[row] = java.util.Arrays.copyOfRange(clss, b * dim, (b + 1) * dim);
            }
        }
        int[] lengths = encodings.stream().mapToInt(Encoding::length).toArray();
        return new Shard(concat(mean), concat(cls), concat(tokens), lengths, dim);
    }

    /** A c-ordered FLOAT copy whose buffer holds exactly its elements (views and other types are copied). */
    static INDArray floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c');
    }

    static float[] concat(float[][] parts) {
        int size = 0;
        for (float[] p : parts) {
            size += p.length;
        }
        float[] out = new float[size];
        int off = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
