package io.sentifuse.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.mapdb.DBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a DL4J stats file (MapDB) for a run or sweep that may have been killed while writing it. Such a file can be
 * unreadable (MapDB fails deep in its catalogue); the stats only feed the live pages, the run folder and the sweep
 * ledger hold the results, so a damaged file is moved aside (with its write-ahead logs, kept for inspection) and a
 * fresh one started, with a warning, instead of failing the resumed work.
 */
final class StatsFiles {

    private static final Logger LOG = LoggerFactory.getLogger(StatsFiles.class);

    private StatsFiles() {
    }

    static FileStatsStorage open(Path file) {
        try {
            return new FileStatsStorage(file.toFile());
        } catch (RuntimeException e) {
            // a file another process holds open is not damaged: only an unreadable one is moved aside
            if (!Files.exists(file) || e instanceof DBException.FileLocked) {
                throw e;
            }
            Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + System.currentTimeMillis());
            LOG.warn("{} cannot be read ({}): moved to {}, the live page starts again from here (results are in the "
                    + "run folders and the ledger)", file, e.toString(), aside.getFileName());
            try {
                for (Path p : withLogs(file)) {
                    Files.move(p, p.resolveSibling(p.getFileName().toString()
                            .replace(file.getFileName().toString(), aside.getFileName().toString())));
                }
            } catch (IOException io) {
                throw new UncheckedIOException("cannot move the damaged stats file " + file + " aside", io);
            }
            return new FileStatsStorage(file.toFile());
        }
    }

    /** {@code file} and its MapDB write-ahead logs ({@code <name>.wal.N}). */
    private static List<Path> withLogs(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (Stream<Path> s = Files.list(file.toAbsolutePath().getParent())) {
            return s.filter(p -> p.getFileName().toString().equals(name)
                    || p.getFileName().toString().startsWith(name + ".wal.")).toList();
        }
    }
}
