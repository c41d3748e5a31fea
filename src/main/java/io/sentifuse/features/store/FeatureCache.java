package io.sentifuse.features.store;

import io.sentifuse.cache.CacheRoot;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Checksums;
import io.sentifuse.files.FileDigests;
import io.sentifuse.files.FolderLock;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder of feature stores ({@code <cache>/features/}). A store's key is the SHA-256 of its identity
 * (what its values depend on: model checksum, tokenizer or transform, dataset checksum, the ids in order,
 * the store format); a changed identity means a new store. Filling a store holds a file lock, so two
 * processes (e.g. parallel sweep candidates) never fill the same store twice; the second waits and reuses it.
 */
public final class FeatureCache {

    /** Hex digits of the key in a store's folder name ({@code text-<digits>}); the manifest holds all 64. */
    private static final int KEY_CHARS_IN_NAME = 20;

    private static final Logger LOG = LoggerFactory.getLogger(FeatureCache.class);

    private final Path root;
    private final boolean verifyChecksums;

    /**
     * @param verifyChecksums re-read every finished shard and compare its CRC-32C with the manifest (a damaged
     *                        shard is recomputed, or the error names it when its encoder cannot run); without it
     *                        only shard sizes are checked. Training and {@code encode} verify (CRC-32C runs at
     *                        GB/s); tests of the fill bookkeeping may not.
     */
    public FeatureCache(Path cacheRoot, boolean verifyChecksums) {
        this.root = CacheRoot.features(cacheRoot).toAbsolutePath().normalize();
        this.verifyChecksums = verifyChecksums;
    }

    public Path root() {
        return root;
    }

    /** The key of a store with this identity. */
    static String key(Map<String, Object> identity) {
        return Checksums.sha256(Json.line(new TreeMap<>(identity)).getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of the ids in order, one per line. */
    static String idsDigest(List<String> ids) {
        return Checksums.sha256(String.join("\n", ids).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The complete store with this identity: opened as it is, or first filled (resuming what an earlier,
     * interrupted fill left) by {@code fill}, which gets the folder and the manifest to continue from.
     */
    <S extends MappedStore> S obtain(String kind, Map<String, Object> identity, List<String> ids,
                                     Fill fill, BiFunction<Path, StoreManifest, S> open) {
        String key = key(identity);
        Path dir = root.resolve(kind + "-" + key.substring(0, KEY_CHARS_IN_NAME));
        try (FolderLock ignored = FolderLock.acquire(dir.resolve(".lock"))) {
            StoreManifest manifest = StoreFiles.readManifest(dir);
            if (manifest == null || !manifest.key().equals(key) || manifest.formatVersion() != StoreFiles.FORMAT_VERSION) {
                manifest = new StoreManifest(kind, StoreFiles.FORMAT_VERSION, key, new LinkedHashMap<>(identity),
                        ids, StoreFiles.SHARD_ROWS, 0, 0, Map.of(), Map.of(), Map.of());
                StoreFiles.writeManifest(dir, manifest);
            }
            boolean wasComplete = manifest.complete();
            List<String> damaged = new ArrayList<>();
            manifest = dropDamagedShards(dir, manifest, verifyChecksums || !wasComplete, damaged);
            if (!manifest.complete()) {
                try {
                    manifest = fill.fill(dir, manifest);
                } catch (RuntimeException e) {
                    if (!wasComplete || damaged.isEmpty()) {
                        throw e;
                    }
                    // a complete store turned out damaged and its encoder could not recompute it: say which shards
                    throw new UserInputException("feature store " + dir + ": shard(s) " + String.join(", ", damaged)
                            + " are damaged (size or CRC-32C differs from the manifest) and could not be computed "
                            + "again: " + e.getMessage() + "; restore the files or delete " + dir + " to rebuild it", e);
                }
            }
            return open.apply(dir, manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use feature store " + dir, e);
        }
    }

    /** Continues a store fill. */
    @FunctionalInterface
    interface Fill {
        StoreManifest fill(Path dir, StoreManifest manifest);
    }

    /**
     * Forgets shards whose file is gone, has another size than recorded or (with {@code checksums}) another
     * CRC-32C: they are recomputed.
     */
    private static StoreManifest dropDamagedShards(Path dir, StoreManifest manifest, boolean checksums,
                                                   List<String> damaged) throws IOException {
        Map<Integer, StoreManifest.ShardInfo> kept = new TreeMap<>();
        for (var e : manifest.shards().entrySet()) {
            Path file = StoreFiles.shard(dir, e.getKey());
            boolean intact = Files.isRegularFile(file) && Files.size(file) == e.getValue().bytes()
                    && (!checksums || FileDigests.crc32c(file) == e.getValue().crc32c());
            if (intact) {
                kept.put(e.getKey(), e.getValue());
            } else {
                LOG.warn("feature shard {} is missing or damaged; it is computed again", file);
                damaged.add(file.getFileName().toString());
            }
        }
        if (kept.size() == manifest.shards().size()) {
            return manifest;
        }
        StoreManifest repaired = new StoreManifest(manifest.kind(), manifest.formatVersion(), manifest.key(),
                manifest.identity(), manifest.ids(), manifest.shardRows(), manifest.dim(), manifest.regions(), kept,
                manifest.missing(), manifest.provenance());
        StoreFiles.writeManifest(dir, repaired);
        return repaired;
    }
}
