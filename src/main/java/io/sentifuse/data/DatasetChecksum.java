package io.sentifuse.data;

import io.sentifuse.files.Checksums;
import io.sentifuse.files.FileDigests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One SHA-256 for a dataset: the digest of its {@code sha256sum}-style listing, one line
 * {@code "<sha256>  <relative path>\n"} per file it consists of (label file or manifest, every referenced
 * text and image that exists), sorted by path. Any added, removed, renamed or edited file changes it, and
 * the shell reproduces it, e.g. for MVSA-Single:
 * {@code cd DIR && sha256sum labelResultAll.txt data/* | LC_ALL=C sort -k 2 | sha256sum}.
 */
public final class DatasetChecksum {

    private DatasetChecksum() {
    }

    /**
     * The checksum of {@code dataset}, hashing on {@code pool} the files not hashed yet;
     * {@code known} adds digests computed elsewhere (relative path to hex).
     */
    public static String compute(Dataset dataset, Map<String, String> known, ExecutorService pool) {
        List<String> paths = new ArrayList<>(dataset.files().keySet());
        List<Future<String>> digests = new ArrayList<>(paths.size());
        for (String rel : paths) {
            String digest = dataset.files().get(rel);
            if (digest == null) {
                digest = known.get(rel);
            }
            if (digest != null) {
                digests.add(CompletableFuture.completedFuture(digest));
            } else {
                digests.add(pool.submit(() -> FileDigests.sha256(dataset.root().resolve(rel))));
            }
        }
        StringBuilder listing = new StringBuilder();
        for (int i = 0; i < paths.size(); i++) {
            listing.append(get(digests.get(i), paths.get(i))).append("  ").append(paths.get(i)).append('\n');
        }
        return Checksums.sha256(listing.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String get(Future<String> f, String path) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing " + path, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot hash " + path + ": " + e.getCause(), e.getCause());
        }
    }
}
