package io.sentifuse.encoder.cache;

import io.sentifuse.files.AtomicFiles;
import java.nio.file.Path;

/** Lets tests outside the package remove one cache entry (others in the shared test cache stay). */
public final class GraphCacheTestAccess {

    private GraphCacheTestAccess() {
    }

    public static void remove(Path root, CacheKey key) {
        AtomicFiles.deleteTree(new GraphCache(root).folder(key));
    }
}
