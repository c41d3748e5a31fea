package io.sentifuse.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A published input as one zip file ({@value #NAME}, stored uncompressed: images and feature arrays barely shrink)
 * instead of one storage file per local file. A dataset is thousands of small files, and HDFS pays a round trip to
 * the NameNode per file created and closed (a MiniDFSCluster took 3 minutes for the demo's 801 files) where one
 * large file streams at disk speed. Entries keep their relative paths and modification times.
 */
final class InputArchive {

    /** The archive's name inside a published input folder. */
    static final String NAME = "input.zip";

    private InputArchive() {
    }

    /** Writes every file under each value of {@code contents} (a file or a folder) at its key's path. */
    static void write(Map<String, Path> contents, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, 1 << 20));
        zip.setLevel(Deflater.NO_COMPRESSION);
        for (Map.Entry<String, Path> c : contents.entrySet()) {
            Path root = c.getValue().toRealPath();
            for (Path f : files(root)) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                ZipEntry e = new ZipEntry(rel.isEmpty() ? c.getKey() : c.getKey() + "/" + rel);
                e.setLastModifiedTime(Files.getLastModifiedTime(f));
                zip.putNextEntry(e);
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
        zip.finish();
        zip.flush();
    }

    /**
     * The regular files under {@code root} (a file, a folder, or a link to either, followed), sorted; a folder link
     * that {@link Files#walk} did not follow would publish nothing.
     */
    static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root.toRealPath(), FileVisitOption.FOLLOW_LINKS)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Extracts {@code archive} into {@code folder}; an entry that would land outside it is refused. */
    static void extract(Path archive, Path folder) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 20);
             ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new IOException(archive + ": entry '" + e.getName() + "' lies outside the folder it is "
                            + "extracted to");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target);
                if (e.getLastModifiedTime() != null) {
                    Files.setLastModifiedTime(target, FileTime.fromMillis(e.getLastModifiedTime().toMillis()));
                }
            }
        }
    }
}
