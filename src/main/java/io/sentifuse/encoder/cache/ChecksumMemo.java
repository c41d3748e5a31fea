package io.sentifuse.encoder.cache;

import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Checksums;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Remembers the SHA-256 of model files by (location, size, modification time), so that a cache hit does not
 * read and hash a 90 MB model again. A changed file has a new size or time and is hashed anew.
 */
public final class ChecksumMemo {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;

    public ChecksumMemo(Path cacheRoot) {
        this.dir = cacheRoot.resolve("checksums");
    }

    /** The SHA-256 of the bytes at {@code location}, computed with {@code bytes} only when not remembered. */
    public String sha256(String location, long size, long modifiedMillis, Supplier<byte[]> bytes) {
        String id = Checksums.sha256((location + "\n" + size + "\n" + modifiedMillis).getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve(id + ".sha256");
        try {
            if (Files.isRegularFile(file)) {
                String known = Files.readString(file).trim();
                if (SHA256.matcher(known).matches()) {
                    return known;
                }
            }
        } catch (IOException e) {
            // unreadable memo: recompute below
        }
        String sha = Checksums.sha256(bytes.get());
        AtomicFiles.writeString(file, sha + "\n");
        return sha;
    }
}
