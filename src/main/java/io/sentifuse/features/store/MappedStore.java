package io.sentifuse.features.store;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A complete store, memory-mapped: row {@code r} (the r-th id of the manifest) lives in shard
 * {@code r / shardRows}. Subclasses know the layout of the float sections inside a shard.
 */
abstract class MappedStore {

    protected final Path dir;
    protected final StoreManifest manifest;
    protected final FloatBuffer[] shards;
    private final Map<String, Integer> rowOfId = new HashMap<>();

    MappedStore(Path dir, StoreManifest manifest) {
        if (!manifest.complete()) {
            throw new IllegalStateException("feature store " + dir + " is not complete (" + manifest.shards().size()
                    + " of " + manifest.shardCount() + " shards)");
        }
        this.dir = dir;
        this.manifest = manifest;
        this.shards = new FloatBuffer[manifest.shardCount()];
        for (int s = 0; s < shards.length; s++) {
            StoreManifest.ShardInfo info = manifest.shards().get(s);
            shards[s] = StoreFiles.map(StoreFiles.shard(dir, s), info.bytes());
            if (shards[s] == null) {
                throw new IllegalStateException("feature shard " + StoreFiles.shard(dir, s) + " is missing or has the "
                        + "wrong size; delete " + dir + " to rebuild it");
            }
        }
        List<String> ids = manifest.ids();
        for (int r = 0; r < ids.size(); r++) {
            rowOfId.put(ids.get(r), r);
        }
    }

    /** The row of pair {@code id}, or -1 when the store does not hold it. */
    int row(String id) {
        return rowOfId.getOrDefault(id, -1);
    }

    int rows() {
        return manifest.ids().size();
    }

    int dim() {
        return manifest.dim();
    }

    Path dir() {
        return dir;
    }

    /** Why pair {@code id} has no features (its input could not be read), or null when it has them. */
    String missing(String id) {
        return manifest.missing().get(id);
    }

    /** Every pair without features, with its problem. */
    Map<String, String> missingPairs() {
        return manifest.missing();
    }

    Map<String, Object> provenance() {
        return manifest.provenance();
    }

    String key() {
        return manifest.key();
    }

    protected int shardOf(int row) {
        return row / manifest.shardRows();
    }

    protected int localRow(int row) {
        return row % manifest.shardRows();
    }

    protected int shardSize(int shard) {
        return manifest.shards().get(shard).rows();
    }

    /** Copies {@code n} floats from {@code shard} at {@code offset} to {@code dst[off..]}. */
    protected void copy(int shard, int offset, float[] dst, int off, int n) {
        shards[shard].get(offset, dst, off, n);
    }
}
