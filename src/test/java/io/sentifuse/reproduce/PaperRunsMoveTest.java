package io.sentifuse.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.app.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runs folder moved elsewhere (another checkout, a cluster's storage) is reused where it lies: its runs were
 * trained with {@code output.runs_dir} naming the old place, and that alone must not make them look different.
 */
class PaperRunsMoveTest {

    @TempDir
    Path tmp;

    private static final PaperRuns.Spec SPEC = new PaperRuns.Spec("paper", "text-only",
            ReproduceService.PAPER_EXPERIMENTS.resolve("text-only.yaml"), 0);

    private static List<String> sets(int epochs) {
        return List.of("data.path=datasets/fixture/demo", "training.epochs=" + epochs,
                "output.cache_dir=target/test-cache");
    }

    @Test
    void aMovedRunsFolderIsReusedWhereItLiesAndAnotherSettingStillTrains() throws Exception {
        Path before = tmp.resolve("before");
        PaperRuns.Outcome trained = new PaperRuns(Services.training(), before, sets(2)).obtain(SPEC);
        assertThat(trained.trained()).isTrue();

        Path after = Files.move(before, tmp.resolve("after"));
        PaperRuns.Outcome moved = new PaperRuns(Services.training(), after, sets(2)).obtain(SPEC);

        assertThat(moved.trained()).isFalse();
        Path runDir = Path.of(moved.report().get("run_dir").asText());
        assertThat(runDir.getParent()).isEqualTo(after);
        assertThat(Files.isDirectory(runDir)).isTrue();
        assertThat(moved.report().at("/val/accuracy").asDouble())
                .isEqualTo(trained.report().at("/val/accuracy").asDouble()).isGreaterThan(0.0);

        // the comparison still sees every other setting: one more epoch is a different run
        PaperRuns.Outcome longer = new PaperRuns(Services.training(), after, sets(3)).obtain(SPEC);
        assertThat(longer.trained()).isTrue();
    }
}
