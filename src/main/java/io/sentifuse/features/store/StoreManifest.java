package io.sentifuse.features.store;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a store folder holds: which pairs in which order, the vector sizes, the finished shards, the pairs
 * whose input could not be read, and where the features came from.
 *
 * @param kind          {@code text} or {@code image}
 * @param formatVersion {@link StoreFiles#FORMAT_VERSION} of the writer
 * @param key           the store's key (its folder name ends with it)
 * @param identity      what the key was computed from (model checksum, settings, dataset checksum)
 * @param ids           pair ids, one per row
 * @param shardRows     rows per shard
 * @param dim           vector width (text hidden size, image channels)
 * @param regions       image regions per pair (0 for text)
 * @param shards        finished shards by index
 * @param missing       pair id to the problem that left its row empty (unreadable image)
 * @param provenance    the encoder's verification and the fill's figures, for run provenance
 */
record StoreManifest(String kind, int formatVersion, String key, Map<String, Object> identity, List<String> ids,
                     int shardRows, int dim, int regions, Map<Integer, ShardInfo> shards,
                     Map<String, String> missing, Map<String, Object> provenance) {

    /**
     * One finished shard.
     *
     * @param rows    pairs in it
     * @param bytes   file size
     * @param crc32c  CRC-32C of the file
     * @param lengths text only: tokens per pair (with [CLS] and [SEP])
     */
    record ShardInfo(int rows, long bytes, long crc32c, int[] lengths) {
    }

    StoreManifest {
        shards = new TreeMap<>(shards);
        missing = new TreeMap<>(missing);
    }

    int shardCount() {
        return (ids.size() + shardRows - 1) / shardRows;
    }

    boolean complete() {
        return shards.size() == shardCount() && dim > 0;
    }

    /** The same manifest with one more finished shard (and the width learned from the first). */
    StoreManifest withShard(int index, ShardInfo info, int width, int regionCount, Map<String, String> newMissing,
                            Map<String, Object> fillProvenance) {
        Map<Integer, ShardInfo> s = new TreeMap<>(shards);
        s.put(index, info);
        Map<String, String> m = new TreeMap<>(missing);
        m.putAll(newMissing);
        return new StoreManifest(kind, formatVersion, key, identity, ids, shardRows, width, regionCount, s, m,
                fillProvenance == null ? provenance : fillProvenance);
    }
}
