package io.sentifuse.cli;

import io.sentifuse.cache.CacheRoot;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --cache-dir}: where verified graphs (and features) are cached, for the commands that import models. */
final class CacheDirOption {

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Graph cache (default: $SENTIFUSE_CACHE or ~/.cache/sentifuse).")
    String cacheDir = "";

    /** The cache folder: the option, else $SENTIFUSE_CACHE, else ~/.cache/sentifuse. */
    Path root() {
        return CacheRoot.resolve(cacheDir);
    }
}
