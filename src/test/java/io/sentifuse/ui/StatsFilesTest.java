package io.sentifuse.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed while MapDB wrote its Arbiter stats leaves a file MapDB cannot open (seen in CI: an
 * ArrayIndexOutOfBoundsException in its name catalogue on resume); the resumed sweep gets a fresh file and the damaged
 * one is kept aside, byte for byte.
 */
class StatsFilesTest {

    @TempDir
    Path tmp;

    @Test
    void aDamagedStatsFileIsMovedAsideAndAFreshOneOpened() throws Exception {
        Path file = tmp.resolve(ArbiterPage.STATS_FILE);
        byte[] junk = new byte[5597];
        new Random(3).nextBytes(junk);
        Files.write(file, junk);

        FileStatsStorage storage = ArbiterPage.record(tmp);
        try {
            assertThat(storage.listSessionIDs()).isEmpty();
        } finally {
            storage.close();
        }
        List<Path> aside;
        try (Stream<Path> s = Files.list(tmp)) {
            aside = s.filter(p -> p.getFileName().toString().startsWith(ArbiterPage.STATS_FILE + ".damaged-")).toList();
        }
        assertThat(aside).hasSize(1);
        assertThat(Files.readAllBytes(aside.get(0))).isEqualTo(junk);
        assertThat(Files.exists(file)).isTrue();
    }
}
