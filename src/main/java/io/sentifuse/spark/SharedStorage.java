package io.sentifuse.spark;

import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

/**
 * A folder on a Hadoop {@code FileSystem} ({@code hdfs://}, {@code s3a://}, {@code file://}, ...) through which the
 * driver and the executors of a sweep or a reproduction exchange files when they share no local path: the driver
 * publishes the dataset, the feature stores (and a sweep's file) there, executors copy them to their local disk once
 * and send each run folder back. Paths inside it are relative, {@code /}-separated.
 *
 * <p>Folders are replaced, never edited in place: a copy goes to a fresh sibling, then takes the name, so a reader
 * (or a task retried after its executor died mid-copy) sees an old whole folder or a new whole folder. Inputs are
 * published once: {@value #COMPLETE} inside a folder says its copy finished.
 *
 * @param uri the folder's URI, absolute, with a scheme
 */
public record SharedStorage(String uri) implements Serializable {

    /** Written last into a published input folder (and so found in a staged local copy). */
    static final String COMPLETE = "_COMPLETE";
    /** Infix of a copy in progress: {@code .<name>.partial-<uuid>} beside its target. */
    static final String PARTIAL = ".partial-";

    public SharedStorage {
        URI parsed;
        try {
            parsed = new URI(uri == null ? "" : uri.strip());
        } catch (URISyntaxException e) {
            throw new UserInputException("--storage '" + uri + "': not a URI (" + e.getMessage() + "); " + EXPECTED);
        }
        if (parsed.getScheme() == null || parsed.getPath() == null || !parsed.getPath().startsWith("/")) {
            throw new UserInputException("--storage '" + uri + "': a URI with a scheme and an absolute path is "
                    + "needed; " + EXPECTED);
        }
        uri = parsed.toString().replaceAll("/+$", "");
    }

    static final String EXPECTED = "expected a Hadoop FileSystem folder such as hdfs://namenode:8020/sentifuse, "
            + "s3a://bucket/sentifuse or file:///mnt/shared/sentifuse";

    /** Parses {@code --storage URI}, or null for none. */
    public static SharedStorage of(String uri) {
        return uri == null ? null : new SharedStorage(uri);
    }

    Path path(String relative) {
        return relative.isEmpty() ? new Path(uri) : new Path(uri + "/" + relative);
    }

    private FileSystem fs(Configuration conf) {
        try {
            return FileSystem.get(URI.create(uri), conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the shared storage " + uri + ": " + e.getMessage(), e);
        }
    }

    /** The local file system without Hadoop's .crc side files (run folders stay as the trainer wrote them). */
    private static FileSystem local(Configuration conf) {
        try {
            return FileSystem.getLocal(conf).getRaw();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the local file system: " + e.getMessage(), e);
        }
    }

    /**
     * Publishes local files and folders as the folder {@code relative}, each at its path inside it (the keys of
     * {@code contents}), unless an earlier publish finished; returns whether it copied. They travel as one
     * {@link InputArchive}, which {@link #stage} extracts. {@value #COMPLETE} is written after the rename (on S3A a
     * rename is a copy, file by file).
     */
    boolean publishOnce(Map<String, java.nio.file.Path> contents, String relative, Configuration conf) {
        FileSystem fs = fs(conf);
        Path target = path(relative);
        Path partial = sibling(target);
        try {
            if (fs.exists(new Path(target, COMPLETE))) {
                return false;
            }
            fs.mkdirs(partial);
            try (FSDataOutputStream out = fs.create(new Path(partial, InputArchive.NAME), true)) {
                InputArchive.write(contents, out);
            }
            swap(fs, partial, target);
            fs.create(new Path(target, COMPLETE), true).close();
            return true;
        } catch (IOException e) {
            discard(fs, partial);
            throw new UncheckedIOException("cannot publish " + contents.values() + " to " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Replaces {@code relative} with a copy of the local file or folder {@code source}. A kill between removing the
     * old copy and renaming the new one leaves neither (a retried candidate then trains that seed again).
     */
    void put(java.nio.file.Path source, String relative, Configuration conf) {
        FileSystem fs = fs(conf);
        Path target = path(relative);
        Path partial = sibling(target);
        try {
            copy(local(conf), new Path(source.toUri()), fs, partial, conf);
            swap(fs, partial, target);
        } catch (IOException e) {
            discard(fs, partial);
            throw new UncheckedIOException("cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the file {@code relative} with {@code text} (UTF-8), written under a fresh name and renamed. */
    void write(String text, String relative, Configuration conf) {
        FileSystem fs = fs(conf);
        Path target = path(relative);
        Path partial = sibling(target);
        try {
            try (FSDataOutputStream out = fs.create(partial, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            swap(fs, partial, target);
        } catch (IOException e) {
            discard(fs, partial);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the local {@code target} with a copy of {@code relative}; false (nothing changed) if it is absent. */
    boolean get(String relative, java.nio.file.Path target, Configuration conf) {
        FileSystem fs = fs(conf);
        Path source = path(relative);
        java.nio.file.Path partial = localSibling(target);
        try {
            if (!fs.exists(source)) {
                return false;
            }
            Files.createDirectories(target.getParent());
            copy(fs, source, local(conf), new Path(partial.toUri()), conf);
            if (Files.isDirectory(target)) {
                FileUtil.fullyDelete(target.toFile());
            }
            // a file is replaced in one step: a reader of this executor never finds it missing
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            FileUtil.fullyDelete(partial.toFile());
            throw new UncheckedIOException("cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The local copy of the published input {@code relative} under {@code localRoot}, copied on first use. Several
     * executor JVMs on one worker may stage at once: each copies to its own partial folder, the first to finish
     * takes the name and the others keep its copy.
     */
    java.nio.file.Path stage(String relative, java.nio.file.Path localRoot, Configuration conf) {
        java.nio.file.Path target = localRoot.resolve(relative);
        if (Files.isRegularFile(target.resolve(COMPLETE))) {
            return target;
        }
        Path source = path(relative);
        FileSystem fs = fs(conf);
        java.nio.file.Path partial = localSibling(target);
        try {
            if (!fs.exists(new Path(source, COMPLETE))) {
                throw new IllegalStateException("the shared storage has no finished " + source + " (no " + COMPLETE
                        + "): the driver publishes it before any task starts");
            }
            Files.createDirectories(target.getParent());
            copy(fs, source, local(conf), new Path(partial.toUri()), conf);
            java.nio.file.Path archive = partial.resolve(InputArchive.NAME);
            if (Files.isRegularFile(archive)) {
                InputArchive.extract(archive, partial);
                Files.delete(archive);
            }
            if (Files.exists(target) && !Files.isRegularFile(target.resolve(COMPLETE))) {
                FileUtil.fullyDelete(target.toFile()); // left by a copy that was killed
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileSystemException taken) {
                // another JVM's copy took the name first (Linux reports a non-empty target as ENOTEMPTY)
                if (!Files.isRegularFile(target.resolve(COMPLETE))) {
                    throw taken;
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
        } finally {
            FileUtil.fullyDelete(partial.toFile());
        }
    }

    /** Whether {@code relative} exists. */
    boolean exists(String relative, Configuration conf) {
        try {
            return fs(conf).exists(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for " + path(relative) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies every entry of the folder {@code relative} whose name ends with {@code suffix} into the local
     * {@code folder} (each replacing its local copy); returns their names.
     */
    List<String> getEndingWith(String relative, String suffix, java.nio.file.Path folder, Configuration conf) {
        List<String> copied = new ArrayList<>();
        for (String name : list(relative, conf)) {
            if (name.endsWith(suffix) && get(relative + "/" + name, folder.resolve(name), conf)) {
                copied.add(name);
            }
        }
        return copied;
    }

    /** Names in the folder {@code relative} (none if it does not exist), sorted. */
    List<String> list(String relative, Configuration conf) {
        FileSystem fs = fs(conf);
        Path dir = path(relative);
        try {
            if (!fs.exists(dir)) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (FileStatus s : fs.listStatus(dir)) {
                out.add(s.getPath().getName());
            }
            out.sort(null);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static java.nio.file.Path localSibling(java.nio.file.Path target) {
        return target.resolveSibling("." + target.getFileName() + PARTIAL + UUID.randomUUID());
    }

    private static Path sibling(Path target) {
        return new Path(target.getParent(), "." + target.getName() + PARTIAL + UUID.randomUUID());
    }

    /**
     * Gives {@code partial} the name {@code target}, replacing what was there. HDFS moves a folder renamed onto an
     * existing one into it: a copy that another writer put there in between is checked for and removed.
     */
    private static void swap(FileSystem fs, Path partial, Path target) throws IOException {
        if (fs.exists(target)) {
            fs.delete(target, true);
        }
        if (!fs.rename(partial, target)) {
            throw new IOException("rename of " + partial + " to " + target + " failed");
        }
        Path nested = new Path(target, partial.getName());
        if (fs.exists(nested)) {
            fs.delete(nested, true);
            throw new IOException("another writer replaced " + target + " at the same time");
        }
    }

    private static void discard(FileSystem fs, Path partial) {
        try {
            fs.delete(partial, true);
        } catch (IOException ignored) {
            // the failure being reported matters more than a leftover partial copy
        }
    }

    private static void copy(FileSystem from, Path source, FileSystem to, Path target, Configuration conf)
            throws IOException {
        if (!FileUtil.copy(from, source, to, target, false, true, conf)) {
            throw new IOException("copy of " + source + " to " + target + " failed");
        }
    }

    @Override
    public String toString() {
        return uri;
    }
}
