package io.sentifuse.encoder.tfjs;

import io.sentifuse.errors.UserInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Reads selected regular files of a {@code .tgz} (an npm tarball) into memory, by entry name. */
public final class TarGz {

    private TarGz() {
    }

    /** Entries of {@code archive} whose names {@code wanted} accepts, keyed by entry name. */
    public static Map<String, byte[]> read(Path archive, Predicate<String> wanted) {
        Map<String, byte[]> out = new HashMap<>();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry e;
            while ((e = tar.getNextTarEntry()) != null) {
                if (e.isFile() && wanted.test(e.getName())) {
                    out.put(e.getName(), tar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UserInputException(archive + ": cannot read the tar.gz archive (" + e.getMessage()
                    + "); delete it so that it is fetched again", e);
        }
        return out;
    }
}
