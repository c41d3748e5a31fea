package io.sentifuse.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.files.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a JSON Lines file that another process may still be appending to, a little more at every
 * {@link #poll()}: only complete lines (ending in a newline) are read, so a line being written, or one a kill
 * tore, waits (for ever, if the writer is dead). A file that was replaced (a resumed run rewrites the trainer's
 * files atomically, dropping the lines after its checkpoint) or that shrank is read again from the start, and
 * the caller is told so, because what it built from the old lines may no longer hold. Lines that are complete
 * but not a JSON object are counted and skipped.
 */
final class JsonLinesTail {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesTail.class);
    private static final int CHUNK = 1 << 20;

    /**
     * What one poll found.
     *
     * @param restarted the file was replaced, shrank or vanished since the last poll: {@code lines} start
     *                  from its beginning (and are empty when it vanished)
     * @param lines     the complete lines appended since the last poll, parsed
     */
    record Batch(boolean restarted, List<JsonNode> lines) {
    }

    private final Path file;
    private long offset;
    private Object fileKey;
    private int skipped;

    JsonLinesTail(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Complete, parseable lines not returned before. Never throws: an unreadable file reads as no news. */
    synchronized Batch poll() {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    // The file may be replaced between looking at it and opening it: then look again.
                    BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
                    if (!Objects.equals(before.fileKey(), after.fileKey())) {
                        continue;
                    }
                    boolean restarted = false;
                    long size = ch.size();
                    if (offset > 0 && (size < offset || !Objects.equals(after.fileKey(), fileKey))) {
                        offset = 0;
                        restarted = true;
                    }
                    fileKey = after.fileKey();
                    return new Batch(restarted, read(ch, size));
                }
            } catch (NoSuchFileException e) {
                boolean hadLines = offset > 0;
                offset = 0;
                fileKey = null;
                return new Batch(hadLines, List.of());
            } catch (IOException e) {
                LOG.warn("cannot read {}: {}", file, e.toString());
                return new Batch(false, List.of());
            }
        }
        return new Batch(false, List.of());
    }

    private List<JsonNode> read(FileChannel ch, long size) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, size - offset)));
        long pos = offset;
        while (pos < size) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), size - pos));
            int n = ch.read(buf, pos);
            if (n <= 0) {
                break;
            }
            byte[] bytes = buf.array();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (bytes[i] == '\n') {
                    line.write(bytes, start, i - start);
                    parse(line.toString(StandardCharsets.UTF_8), out);
                    line.reset();
                    start = i + 1;
                    // Only what ends in a newline counts as read: the rest is read again next time.
                    offset = pos + i + 1;
                }
            }
            line.write(bytes, start, n - start);
            pos += n;
        }
        return out;
    }

    private void parse(String text, List<JsonNode> out) {
        String s = text.strip();
        if (s.isEmpty()) {
            return;
        }
        try {
            JsonNode node = Json.mapper().readTree(s);
            if (node != null && node.isObject()) {
                out.add(node);
                return;
            }
        } catch (IOException e) {
            // counted below
        }
        skipped++;
        LOG.debug("{}: skipped a line that is not a JSON object", file);
    }

    /** Complete lines that were not JSON objects (diagnostics and tests). */
    synchronized int skippedLines() {
        return skipped;
    }
}
