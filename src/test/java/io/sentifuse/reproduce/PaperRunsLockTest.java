package io.sentifuse.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.app.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two reproductions sharing a runs folder ask for the same run at the same moment: one trains it, the other waits
 * on the run's lock and reuses it, and the folder holds one run, not two half-trained ones.
 */
class PaperRunsLockTest {

    @TempDir
    Path tmp;

    @Test
    void theSameRunAskedTwiceAtOnceIsTrainedOnce() throws Exception {
        List<String> sets = List.of("data.path=datasets/fixture/demo", "training.epochs=2",
                "output.cache_dir=target/test-cache");
        PaperRuns.Spec spec = new PaperRuns.Spec("paper", "text-only",
                ReproduceService.PAPER_EXPERIMENTS.resolve("text-only.yaml"), 0);
        Path runs = tmp.resolve("runs");
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<PaperRuns.Outcome>> both = Stream.of(1, 2).map(i -> CompletableFuture.supplyAsync(() -> {
            PaperRuns paperRuns = new PaperRuns(Services.training(), runs, sets);
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException("the two callers did not start together", e);
            }
            return paperRuns.obtain(spec);
        })).toList();
        List<PaperRuns.Outcome> outcomes = both.stream().map(CompletableFuture::join).toList();

        assertThat(outcomes.stream().filter(PaperRuns.Outcome::trained).count()).isEqualTo(1);
        assertThat(outcomes.get(0).report().get("run_dir").asText())
                .isEqualTo(outcomes.get(1).report().get("run_dir").asText());
        try (Stream<Path> s = Files.list(runs)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(spec.name())).count()).isEqualTo(1);
        }
        assertThat(Files.list(runs.resolve(PaperRuns.LOCKS)).toList()).hasSize(1);
    }
}
