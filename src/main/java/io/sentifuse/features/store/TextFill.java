package io.sentifuse.features.store;

import io.sentifuse.data.PairRecordReader;
import io.sentifuse.data.PairRecords;
import org.datavec.api.writable.Writable;
import io.sentifuse.encoder.TextEncoder;
import io.sentifuse.encoder.TokenTensors;
import io.sentifuse.text.Encoding;
import io.sentifuse.text.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

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
     * @param records   the dataset's records, in manifest row order
     * @param encoder   called only if some shard is missing
     * @param batchSize texts per encoder call (sorted by length inside a shard, so padding stays small)
     * @return the complete manifest
     */
    static StoreManifest fill(Path dir, StoreManifest manifest, PairRecordReader records, Tokenizer tokenizer,
                              int maxLength,
                              Supplier<Encoder> encoder, Supplier<Map<String, Object>> provenance, int batchSize,
                              FillListener listener) {
        return ShardFill.run(dir, manifest, "text features", encoder, provenance,
                (enc, index, from, to) -> encodeShard(records.records(from, to), tokenizer, maxLength, enc, batchSize),
                listener);
    }

    private static ShardFill.Shard encodeShard(List<List<Writable>> rows, Tokenizer tokenizer, int maxLength, Encoder enc,
                                               int batchSize) {
        int n = rows.size();
        List<Encoding> encodings = new ArrayList<>(n);
        for (List<Writable> r : rows) {
            encodings.add(tokenizer.encode(PairRecords.text(r), maxLength));
        }
        int[] order = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingInt(i -> encodings.get(i).length())).mapToInt(Integer::intValue).toArray();
        float[][] mean = new float[n][];
        float[][] cls = new float[n][];
        float[][] tokens = new float[n][];
        int dim = 0;
        for (int start = 0; start < n; start += batchSize) {
            int[] batch = Arrays.copyOfRange(order, start, Math.min(n, start + batchSize));
            List<Encoding> batchEncodings = new ArrayList<>(batch.length);
            for (int i : batch) {
                batchEncodings.add(encodings.get(i));
            }
            TextEncoder.Features f = enc.encode(TokenTensors.pad(batchEncodings, tokenizer.padId()));
            long t = f.tokenStates().size(1);
            dim = (int) f.tokenStates().size(2);
            float[] all = StoreFiles.values(f.tokenStates());
            float[] means = StoreFiles.values(f.mean());
            float[] clss = StoreFiles.values(f.cls());
            for (int b = 0; b < batch.length; b++) {
                int row = batch[b];
                int len = encodings.get(row).length();
                int base = (int) (b * t * dim);
                tokens[row] = Arrays.copyOfRange(all, base, base + len * dim);
                mean[row] = Arrays.copyOfRange(means, b * dim, (b + 1) * dim);
                cls[row] = Arrays.copyOfRange(clss, b * dim, (b + 1) * dim);
            }
        }
        int[] lengths = encodings.stream().mapToInt(Encoding::length).toArray();
        return new ShardFill.Shard(new float[][] {StoreFiles.concat(mean), StoreFiles.concat(cls),
                StoreFiles.concat(tokens)}, n, lengths, dim, 0, Map.of());
    }
}
