package io.sentifuse.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.app.Services;
import io.sentifuse.sweep.CandidateRecord;
import io.sentifuse.sweep.SweepDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A candidate whose run folder was created but killed before its configuration was written (a worker killed
 * mid-start, as the Spark fault drill found) trains afresh instead of failing on the missing configuration.
 */
class CandidateUnstartedRunTest {

    @TempDir
    Path tmp;

    @Test
    void aRunFolderWithoutConfigurationIsReplacedByAFreshRun() throws Exception {
        Path file = tmp.resolve("s.yaml");
        Files.writeString(file, """
                name: unstarted
                base: %s
                set:
                  training.epochs: 2
                  training.synthetic.examples: 300
                space:
                  fusion.head: {choice: [naive-cat]}
                budget: {max_candidates: 1}
                score: {seeds_per_candidate: 1}
                """.formatted(Path.of("experiments/smoke/synthetic.yaml").toAbsolutePath()));
        Path dir = Files.createDirectories(tmp.resolve("sweep"));
        SweepFile sweep = SweepFile.read(file, List.of());
        Path unstarted = Files.createDirectories(dir.resolve(SweepDir.RUNS)
                .resolve("20000101T000000Z-" + SweepDir.runName("unstarted", 0, 0)));

        CandidateRecord r = new CandidateTrainer(Services.training(), sweep, dir, false)
                .train(0, Map.of("fusion.head", "naive-cat"), null);

        assertThat(r.completed()).isTrue();
        assertThat(unstarted).doesNotExist();
        try (Stream<Path> runs = Files.list(dir.resolve(SweepDir.RUNS))) {
            assertThat(runs.toList()).hasSize(1).allSatisfy(p -> assertThat(p.toString()).isEqualTo(r.runDirs().get(0)));
        }
    }
}
