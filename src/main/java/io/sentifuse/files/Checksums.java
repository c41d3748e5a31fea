package io.sentifuse.files;

import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/** SHA-256 of bytes, files and directory trees, as lower-case hex. */
public final class Checksums {

    private static final int BUFFER = 1 << 16;

    private Checksums() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sha256(byte[] bytes) {
        MessageDigest d = sha256();
        d.update(bytes);
        return hex(d);
    }

    public static String sha256(Path file) {
        MessageDigest d = sha256();
        update(d, file);
        return hex(d);
    }

    /**
     * One digest over every regular file below {@code dir}: each file's relative path and contents, in
     * sorted path order, so the figure changes when any file is added, removed, renamed or edited.
     */
    public static String sha256Tree(Path dir) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UserInputException("cannot list " + dir + " for its checksum: " + e.getMessage(), e);
        }
        MessageDigest d = sha256();
        for (Path file : files) {
            d.update(dir.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            update(d, file);
        }
        return hex(d);
    }

    /** CRC-32C of a whole file (hardware-accelerated: detects truncation and bit rot cheaply). */
    public static long crc32c(Path file) {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                crc.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " for its checksum", e);
        }
        return crc.getValue();
    }

    private static void update(MessageDigest digest, Path file) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UserInputException("cannot read " + file + " for its checksum: " + e.getMessage(), e);
        }
    }
}
