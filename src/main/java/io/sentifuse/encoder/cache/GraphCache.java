package io.sentifuse.encoder.cache;

import io.sentifuse.cache.CacheRoot;
import io.sentifuse.encoder.onnx.GatherGradient;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Checksums;
import io.sentifuse.files.FolderLock;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SameDiff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translated, verified graphs under {@code <cache>/graphs/<sha256>-t<translator>-<variant>/} as
 * {@code graph.sd} (SameDiff's format) and {@code entry.json}. A new entry is assembled in a temporary sibling
 * folder and renamed into place, so a reader sees a complete entry or none. Loading checks the metadata and the
 * graph file's checksum; an entry that fails either is deleted and reported missing, so the caller rebuilds it.
 */
public final class GraphCache {

    public static final String GRAPH_FILE = "graph.sd";
    static final String ENTRY_FILE = "entry.json";

    private static final Logger LOG = LoggerFactory.getLogger(GraphCache.class);

    private final Path graphs;

    public GraphCache(Path root) {
        this.graphs = CacheRoot.graphs(root);
    }

    /** A loaded entry: the graph and its metadata. */
    public record Loaded(SameDiff sd, CacheEntry entry, Path graphFile) {
    }

    /** The SHA-256 memo kept in the same folder. */
    public ChecksumMemo checksums() {
        return new ChecksumMemo(graphs.getParent());
    }

    public Path folder(CacheKey key) {
        return graphs.resolve(key.folder());
    }

    /** The cached graph for {@code key}, or empty when there is none or it is damaged (then it is removed). */
    public Optional<Loaded> load(CacheKey key) {
        try (FolderLock ignored = lock(key)) {
            return loadLocked(key);
        }
    }

    /** Entries are read and replaced under a lock, so a reader never sees (or discards) one being written. */
    private FolderLock lock(CacheKey key) {
        return FolderLock.acquire(graphs.resolve(key.folder() + ".lock"));
    }

    private Optional<Loaded> loadLocked(CacheKey key) {
        Path dir = folder(key);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Path graph = dir.resolve(GRAPH_FILE);
        try {
            CacheEntry entry = Json.read(dir.resolve(ENTRY_FILE), CacheEntry.class);
            if (!key.equals(entry.key()) || entry.verification() == null || !entry.verification().verified()) {
                return discard(dir, "its metadata does not match the key or records no successful verification");
            }
            if (!Files.isRegularFile(graph) || Files.size(graph) != entry.graphBytes()
                    || !crc32c(graph).equals(entry.graphCrc32c())) {
                return discard(dir, "the graph file is missing, or its size or checksum differs from entry.json");
            }
            long t = System.nanoTime();
            GatherGradient.install();
            long loadStart = System.nanoTime();
            SameDiff sd = SameDiff.load(graph.toFile(), false);
            LOG.debug("op registry ready in {} ms, graph loaded in {} ms", (loadStart - t) / 1_000_000,
                    (System.nanoTime() - loadStart) / 1_000_000);
            for (String v : entry.outputs().values()) {
                if (!sd.hasVariable(v)) {
                    return discard(dir, "the graph lacks output variable '" + v + "'");
                }
            }
            return Optional.of(new Loaded(sd, entry, graph));
        } catch (IOException | RuntimeException e) {
            return discard(dir, e.toString());
        }
    }

    /** Stores a verified graph atomically; returns the stored entry (with the graph checksum filled in). */
    public CacheEntry store(CacheKey key, SameDiff sd, CacheEntry entry) {
        try (FolderLock ignored = lock(key)) {
            return storeLocked(key, sd, entry);
        }
    }

    private CacheEntry storeLocked(CacheKey key, SameDiff sd, CacheEntry entry) {
        Path dir = folder(key);
        Path tmp = graphs.resolve(".tmp-" + key.folder() + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createDirectories(tmp);
            Path graph = tmp.resolve(GRAPH_FILE);
            sd.save(graph.toFile(), false);
            CacheEntry complete = entry.sealed(Files.size(graph), crc32c(graph), Instant.now().toString());
            Json.write(tmp.resolve(ENTRY_FILE), complete);
            AtomicFiles.deleteTree(dir);
            AtomicFiles.moveIntoPlace(tmp, dir);
            LOG.info("cached verified graph of {} in {}", entry.source(), dir);
            return complete;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the graph cache entry " + dir, e);
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
    }

    /** CRC-32C of a file as hex, as entry.json records it. */
    static String crc32c(Path file) {
        return Long.toHexString(Checksums.crc32c(file));
    }

    private Optional<Loaded> discard(Path dir, String why) {
        LOG.warn("graph cache entry {} is damaged ({}); removing it and rebuilding", dir, why);
        AtomicFiles.deleteTree(dir);
        return Optional.empty();
    }
}
