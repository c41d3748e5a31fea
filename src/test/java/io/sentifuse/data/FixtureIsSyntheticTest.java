package io.sentifuse.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.SharedData;
import io.sentifuse.files.Checksums;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed fixture ({@code datasets/fixture/mvsa-single}) has MVSA's layout but is made by
 * {@link FixtureGenerator}, not copied from the real set: no fixture file has the content of any real file.
 * The real data stays in {@code ../shared}.
 */
class FixtureIsSyntheticTest {

    private static final Path FIXTURE = Path.of("datasets/fixture/mvsa-single");

    @Test
    void noFixtureFileEqualsARealMvsaFile() throws IOException {
        Path real = SharedData.mvsaSingle();
        Map<Long, Set<String>> fixtureHashesBySize = new HashMap<>();
        List<Path> fixtureFiles = files(FIXTURE);
        assertThat(fixtureFiles).hasSize(49);
        for (Path f : fixtureFiles) {
            fixtureHashesBySize.computeIfAbsent(Files.size(f), k -> new HashSet<>()).add(Checksums.sha256(f));
        }
        for (Path r : files(real)) {
            Set<String> sameSize = fixtureHashesBySize.get(Files.size(r));
            if (sameSize != null) {
                assertThat(sameSize).as("a fixture file has the content of %s", r).doesNotContain(Checksums.sha256(r));
            }
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("README.md")).toList();
        }
    }
}
