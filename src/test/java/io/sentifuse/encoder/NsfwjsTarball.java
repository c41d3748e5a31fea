package io.sentifuse.encoder;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sentifuse.encoder.tfjs.NpmTarball;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The nsfwjs tarball the default image model comes from, for tests. A test that needs it skips only when this
 * machine cannot have it: it is not in the test cache and npm is not on the PATH, or npm cannot get the package
 * from its registry (no network, registry down, package gone). Everything after that (npm pack, the integrity
 * check, the conversion) runs unguarded, so a real fault fails the test instead of hiding as a skip.
 */
public final class NsfwjsTarball {

    private static final NpmTarball PACKAGE = NpmTarball.NSFWJS;
    /** Longer than npm's own --fetch-timeout below, so npm reports the network error itself. */
    private static final long PROBE_TIMEOUT_SECONDS = 90;

    private static final java.util.Map<NpmTarball, java.util.Optional<String>> PROBES = new java.util.HashMap<>();

    private NsfwjsTarball() {
    }

    /** Skips the calling test when the tarball is neither in {@code cacheRoot} nor obtainable with npm. */
    public static void assumeObtainable(Path cacheRoot) {
        assumeObtainable(cacheRoot, PACKAGE);
    }

    /** As {@link #assumeObtainable(Path)} for another pinned package (the face models' @vladmandic/human). */
    public static void assumeObtainable(Path cacheRoot, NpmTarball pkg) {
        Path file = io.sentifuse.cache.CacheRoot.npm(cacheRoot).resolve(pkg.fileName());
        if (Files.isRegularFile(file)) {
            return; // NpmTarball.fetch checks its integrity; a wrong file must fail, not skip
        }
        String missing = probeOnce(pkg);
        assumeTrue(missing == null, () -> missing + "; or copy " + pkg.fileName() + " to " + file);
    }

    private static synchronized String probeOnce(NpmTarball pkg) {
        return PROBES.computeIfAbsent(pkg, p -> java.util.Optional.ofNullable(unavailable("npm", p))).orElse(null);
    }

    /**
     * Why {@code npm} cannot get the pinned nsfwjs package, or null when it can. Asks the registry for the
     * version's metadata ({@code npm view}), which needs the same PATH, configuration and network as npm pack.
     */
    static String unavailable(String npm) {
        return unavailable(npm, PACKAGE);
    }

    static String unavailable(String npm, NpmTarball pkg) {
        Path out;
        Path err;
        try {
            out = Files.createTempFile("npm-view-", ".out");
            err = Files.createTempFile("npm-view-", ".err");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String spec = pkg.name() + "@" + pkg.version();
        try {
            Process p;
            try {
                p = new ProcessBuilder(List.of(npm, "view", spec, "dist.integrity", "--fetch-retries=1",
                        "--fetch-timeout=30000")).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                return npm + " is not on the PATH (" + e.getMessage() + "); it fetches " + spec;
            }
            if (!p.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "the npm registry did not answer `" + npm + " view " + spec + "` within "
                        + PROBE_TIMEOUT_SECONDS + " s";
            }
            if (p.exitValue() != 0) {
                return "the npm registry cannot be reached or lacks " + spec + " (`" + npm + " view` exit "
                        + p.exitValue() + ": " + reason(err) + ")";
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking npm for " + spec, e);
        } finally {
            try {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            } catch (IOException e) {
                // temporary files only; nothing depends on them
            }
        }
    }

    /** npm's error code line and, when there is one, the line saying what failed (its stack trace is left out). */
    private static String reason(Path file) {
        try {
            List<String> lines = Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty()) {
                return "no error output";
            }
            String why = lines.stream().skip(1).filter(l -> l.contains("FetchError") || l.contains("could not be found"))
                    .findFirst().map(l -> " / " + l).orElse("");
            return lines.get(0) + why;
        } catch (IOException e) {
            return "no error output";
        }
    }
}
