package io.sentifuse.cache;

import java.nio.file.Path;

/**
 * The one folder every cache of the project lives under, and its layout: translated and verified graphs
 * ({@value #GRAPHS}), encoder feature stores ({@value #FEATURES}) and fetched npm packages ({@value #NPM}). Both
 * caches resolve their folder here, so a user moves all of them with one setting.
 */
public final class CacheRoot {

    /** Environment variable naming the cache folder when the configuration leaves it empty. */
    public static final String ENV = "SENTIFUSE_CACHE";

    public static final String GRAPHS = "graphs";
    public static final String FEATURES = "features";
    public static final String NPM = "npm";

    private CacheRoot() {
    }

    /**
     * The cache folder: {@code configured} ({@code output.cache_dir}, {@code --cache-dir}) if set, else
     * {@code $SENTIFUSE_CACHE}, else {@code ~/.cache/sentifuse}.
     */
    public static Path resolve(String configured) {
        return resolve(configured, System.getenv(ENV), System.getProperty("user.home"));
    }

    /** As {@link #resolve(String)} with {@code $SENTIFUSE_CACHE} and the home folder given (tests set the variable). */
    public static Path resolve(String configured, String env, String home) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(home, ".cache", "sentifuse");
    }

    /** Translated, verified graphs under {@code root}. */
    public static Path graphs(Path root) {
        return root.resolve(GRAPHS);
    }

    /** Feature stores under {@code root}. */
    public static Path features(Path root) {
        return root.resolve(FEATURES);
    }

    /** Fetched npm tarballs under {@code root}. */
    public static Path npm(Path root) {
        return root.resolve(NPM);
    }
}
