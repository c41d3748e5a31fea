package io.sentifuse.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@link Checksums} of files, remembered for the life of the process while a file keeps its size, modification
 * time and file key (inode): a rewritten or replaced file is read again, and a file modified in the last two
 * seconds is not remembered.
 *
 * <p>Why: a sweep runs its candidates in one process on one dataset and one feature cache, and every candidate
 * checks both. Without the memo each one hashed the dataset's files again (MVSA-Single: about 8,700 files, ~1 s)
 * and re-read every feature shard for its CRC-32C (token states and regions: ~2 s). The first check in a process
 * still reads every byte.
 */
public final class FileDigests {

    private record Key(Path file, String algorithm) {
    }

    private record Stamp(long size, FileTime modified, Object fileKey) {
    }

    private record Known(Stamp stamp, Object value) {
    }

    private static final Map<Key, Known> MEMO = new ConcurrentHashMap<>();

    /**
     * A file modified this recently is not remembered (git's "racy clean" rule): an edit that keeps the size
     * within the file system's timestamp granularity (up to 2 s on some) would otherwise go unseen.
     */
    private static final long RACY_MILLIS = 2_000;

    private FileDigests() {
    }

    /** {@link Checksums#sha256(Path)}, read once per unchanged file. */
    public static String sha256(Path file) {
        return (String) remembered(file, "sha256", () -> Checksums.sha256(file));
    }

    /** {@link Checksums#crc32c(Path)}, read once per unchanged file. */
    public static long crc32c(Path file) {
        return (Long) remembered(file, "crc32c", () -> Checksums.crc32c(file));
    }

    private static Object remembered(Path file, String algorithm, Supplier<Object> compute) {
        Stamp before = stamp(file);
        if (before == null) {
            return compute.get(); // not a readable regular file: the checksum's own error names it
        }
        Key key = new Key(file.toAbsolutePath().normalize(), algorithm);
        Known known = MEMO.get(key);
        if (known != null && known.stamp().equals(before)) {
            return known.value();
        }
        Object value = compute.get();
        boolean settled = System.currentTimeMillis() - before.modified().toMillis() >= RACY_MILLIS;
        if (settled && before.equals(stamp(file))) { // not changed while it was read
            MEMO.put(key, new Known(before, value));
        }
        return value;
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.isRegularFile() ? new Stamp(a.size(), a.lastModifiedTime(), a.fileKey()) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
