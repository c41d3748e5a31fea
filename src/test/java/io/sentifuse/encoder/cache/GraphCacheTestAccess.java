package io.sentifuse.encoder.cache;

import java.nio.file.Path;

/** Lets tests outside the package empty a cache folder. */
public final class GraphCacheTestAccess {

    private GraphCacheTestAccess() {
    }

    public static void clear(Path root) {
        GraphCache.deleteTree(root.resolve("graphs"));
    }
}
