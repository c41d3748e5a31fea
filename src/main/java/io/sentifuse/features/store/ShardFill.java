package io.sentifuse.features.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The loop every store fill shares: for each shard the manifest lacks, compute it, write it atomically and
 * record it in the manifest at once, so a killed fill loses at most the shard in progress. The encoder is
 * loaded only when a shard is actually missing.
 */
final class ShardFill {

    /** One computed shard: its float sections in file order and what the manifest records about it. */
    record Shard(float[][] sections, int rows, int[] lengths, int dim, int regions, Map<String, String> missing) {
    }

    /** Computes shard {@code index} over manifest rows {@code [from, to)} with a loaded encoder. */
    @FunctionalInterface
    interface ShardMaker<E> {
        Shard make(E encoder, int index, int from, int to);
    }

    private ShardFill() {
    }

    /**
     * @param phase      what the listener is told ("text features", "image features", "face features")
     * @param encoder    loads the encoder (called at most once, and only if a shard is missing)
     * @param provenance what the manifest records about the encoder (called right after loading it)
     */
    static <E> StoreManifest run(Path dir, StoreManifest manifest, String phase, Supplier<E> encoder,
                                 Supplier<Map<String, Object>> provenance, ShardMaker<E> maker, FillListener listener) {
        int total = manifest.ids().size();
        E enc = null;
        Map<String, Object> prov = null;
        for (int s = 0; s < manifest.shardCount(); s++) {
            if (manifest.shards().containsKey(s)) {
                continue;
            }
            if (enc == null) {
                enc = encoder.get();
                prov = provenance.get();
                // the rate counts from here: loading the encoder is not encoding
                listener.progress(phase, doneRows(manifest), total);
            }
            int from = s * manifest.shardRows();
            Shard shard = maker.make(enc, s, from, Math.min(total, from + manifest.shardRows()));
            long[] written = StoreFiles.writeShard(StoreFiles.shard(dir, s), shard.sections());
            manifest = manifest.withShard(s, new StoreManifest.ShardInfo(shard.rows(), written[0], written[1],
                    shard.lengths()), shard.dim(), shard.regions(), shard.missing(), prov);
            StoreFiles.writeManifest(dir, manifest);
            listener.progress(phase, doneRows(manifest), total);
        }
        return manifest;
    }

    static int doneRows(StoreManifest manifest) {
        return manifest.shards().values().stream().mapToInt(StoreManifest.ShardInfo::rows).sum();
    }
}
