package io.sentifuse.sweep;

import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep's {@value SweepDir#LEDGER_FILE}: one {@link CandidateRecord} per finished candidate, appended and
 * synced the moment it finishes. It is the truth about what is done: a resumed sweep skips every candidate it
 * lists, a kill loses at most the candidates still training, and a line a kill cut in half is ignored.
 */
public final class Ledger {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

    private final Path file;

    public Ledger(Path sweepDir) {
        this.file = sweepDir.resolve(SweepDir.LEDGER_FILE);
    }

    public Path file() {
        return file;
    }

    /** Appends {@code record} as one line and syncs it to disk. */
    public synchronized void append(CandidateRecord record) {
        byte[] line = (Json.line(record) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
             OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            out.write(line);
            out.flush();
            channel.force(true);
        } catch (IOException e) {
            throw new UserInputException("cannot append to the sweep ledger " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every complete record, by candidate index (the last line wins for an index written twice). */
    public Map<Integer, CandidateRecord> read() {
        Map<Integer, CandidateRecord> out = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserInputException("cannot read the sweep ledger " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                CandidateRecord r = Json.mapper().readValue(line, CandidateRecord.class);
                out.put(r.index(), r);
            } catch (IOException e) {
                // a kill can cut the last line; anything else is damage worth a warning
                LOG.warn("{} line {}: not a candidate record ({}); ignored", file, i + 1, e.getMessage());
            }
        }
        return out;
    }

    /** The records in index order. */
    public List<CandidateRecord> records() {
        return new ArrayList<>(read().values());
    }
}
