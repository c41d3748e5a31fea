package io.sentifuse.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDigestsTest {

    @TempDir
    Path tmp;

    private static void write(Path f, String text, Instant modified) throws IOException {
        Files.writeString(f, text, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(f, FileTime.from(modified));
    }

    @Test
    void aChangedFileIsReadAgainAndARecentlyModifiedOneIsNotRemembered() throws IOException {
        Path f = tmp.resolve("a.bin");
        Instant old = Instant.now().minusSeconds(60);
        write(f, "abc", old);
        assertThat(FileDigests.sha256(f)).isEqualTo(Checksums.sha256(f));
        assertThat(FileDigests.crc32c(f)).isEqualTo(Checksums.crc32c(f));

        // same size, another modification time: read again
        write(f, "abd", old.plusSeconds(1));
        assertThat(FileDigests.sha256(f)).isEqualTo(Checksums.sha256("abd".getBytes(StandardCharsets.UTF_8)));
        assertThat(FileDigests.crc32c(f)).isEqualTo(Checksums.crc32c(f));

        // the memo answers while size, time stamp and inode stay: an edit that keeps all three is not seen (the
        // documented trade-off; only an in-place edit within the time stamp's granularity could do that)
        write(f, "abe", old.plusSeconds(1));
        assertThat(FileDigests.sha256(f)).isEqualTo(Checksums.sha256("abd".getBytes(StandardCharsets.UTF_8)));

        // modified just now, then rewritten with the same size and time stamp: never remembered, so still right
        Instant now = Instant.now();
        write(f, "xyz", now);
        assertThat(FileDigests.sha256(f)).isEqualTo(Checksums.sha256("xyz".getBytes(StandardCharsets.UTF_8)));
        write(f, "xyw", now);
        assertThat(FileDigests.sha256(f)).isEqualTo(Checksums.sha256("xyw".getBytes(StandardCharsets.UTF_8)));
    }
}
