package io.sentifuse.encoder.image;

import java.nio.file.Path;

/** The cache folder: {@code output.cache_dir} if set, else {@code $SENTIFUSE_CACHE}, else {@code ~/.cache/sentifuse}. */
public final class CacheRoot {

    /** Environment variable that moves the default cache. */
    public static final String ENV = "SENTIFUSE_CACHE";

    private CacheRoot() {
    }

    public static Path resolve(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "sentifuse");
    }

    /** Where npm tarballs are kept. */
    public static Path npm(Path root) {
        return root.resolve("npm");
    }
}
