package io.sentifuse;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The read-only data beside the checkout ({@code ../shared}): the real MVSA-Single set and references.
 * Tests that need it skip, with the reason, where it is absent (e.g. a fresh clone without it).
 */
public final class SharedData {

    private SharedData() {
    }

    /** {@code ../shared}, or the folder named by {@code -Dsentifuse.shared=...}. */
    public static Path root() {
        return Path.of(System.getProperty("sentifuse.shared", "../shared")).toAbsolutePath().normalize();
    }

    /** The MVSA-Single development copy; skips the calling test when it is not there. */
    public static Path mvsaSingle() {
        Path dir = root().resolve("datasets/mvsa-single");
        assumeTrue(Files.isRegularFile(dir.resolve("labelResultAll.txt")),
                "real MVSA-Single data not found at " + dir + " (it lives in ../shared beside the checkout)");
        return dir;
    }
}
