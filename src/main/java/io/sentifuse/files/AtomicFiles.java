package io.sentifuse.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes through a temporary sibling and a rename, so a file is either the old version or the new one,
 * never a torn mix, even when the process is killed mid-write. Completed work depends on this to survive.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    public static void writeString(Path file, String text) {
        writeBytes(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeBytes(Path file, byte[] bytes) {
        Path target = file.toAbsolutePath();
        Path tmp = tempSibling(target);
        try {
            Files.createDirectories(target.getParent());
            Files.write(tmp, bytes);
            moveIntoPlace(tmp, target);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * A fresh temporary name beside {@code target}: unique per writer, because two threads or processes that write
     * the same file at once (executors extracting the same tokenizer into a shared cache) must not move each other's
     * temporary file away. The last rename wins; writers of one file write the same bytes.
     */
    public static Path tempSibling(Path target) {
        return target.resolveSibling(target.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8)
                + ".tmp");
    }

    /** Removes a temporary file a failed write left (its names are unique, so nothing else would reuse it). */
    public static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the write's own failure is what gets reported
        }
    }

    /** Renames a finished temporary file onto its final name, atomically where the file system can. */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a folder and everything below it (nothing when it does not exist). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
