package io.sentifuse.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.app.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill: {@code sentifuse train} runs in a child JVM on the test class path and gets SIGKILL as soon as
 * its first checkpoint is on disk; {@code --resume} then finishes the run in this JVM. The result must have
 * every epoch exactly once and, since shuffling and dropout derive from (seed, epoch / step) and the
 * checkpoint holds the exact parameters and AdamW moments, the same numbers as a run that was never killed.
 */
class KillResumeTest {

    private static final int EPOCHS = 5;

    @TempDir
    Path tmp;

    private static List<String> sets(Path runs) {
        return List.of("output.runs_dir=" + runs, "training.epochs=" + EPOCHS, "training.synthetic.examples=1500",
                "fusion.dropout=0.3", "fusion.attention_dropout=0.2", "seed=23", "output.keep_checkpoints=1",
                "training.synthetic.task=complementary");
    }

    @Test
    void killedRunResumesWithEveryEpochOnceAndTheUninterruptedNumbers() throws Exception {
        Path runs = tmp.resolve("killed");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), "io.sentifuse.cli.Main", "train",
                "experiments/smoke/synthetic.yaml"));
        for (String s : sets(runs)) {
            command.add("--set");
            command.add(s);
        }
        Path log = tmp.resolve("child.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path run = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        try {
            while (System.nanoTime() < deadline && child.isAlive()) {
                run = firstRun(runs);
                if (run != null && Files.isRegularFile(Checkpoints.folder(run.resolve(Checkpoints.DIR), 0)
                        .resolve(Checkpoints.STATE_FILE))) {
                    break;
                }
                Thread.sleep(10);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(run).as("child run folder; child output:%n%s", Files.readString(log)).isNotNull();
        assertThat(Files.exists(run.resolve(TrainingReport.JSON_FILE))).as("killed before it finished").isFalse();
        int linesAtKill = RunFiles.metrics(run).size();
        assertThat(linesAtKill).isBetween(1, EPOCHS - 1);

        TrainingResult resumed = Services.training().train(TrainRequest.resume(run));
        TrainingResult straight = Services.training().train(TrainRequest.of(
                Path.of("experiments/smoke/synthetic.yaml"), sets(tmp.resolve("straight"))));

        assertThat(resumed.epochsRun()).isEqualTo(EPOCHS);
        var metrics = RunFiles.metrics(run);
        assertThat(metrics).hasSize(EPOCHS);
        for (int e = 0; e < EPOCHS; e++) {
            assertThat(metrics.get(e).get("epoch").asInt()).isEqualTo(e);
        }
        assertThat(metrics).isEqualTo(RunFiles.metrics(straight.runDir()));
        assertThat(RunFiles.iterations(run)).isEqualTo(RunFiles.iterations(straight.runDir()));
        assertThat(resumed.val()).isEqualTo(straight.val());
        System.out.printf("kill/resume: killed with %d of %d epochs in metrics.jsonl; resumed run identical to the "
                + "uninterrupted one (val accuracy %.4f)%n", linesAtKill, EPOCHS, resumed.val().accuracy());
    }

    private static Path firstRun(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return null;
        }
        try (var s = Files.list(runs)) {
            return s.filter(Files::isDirectory).findFirst().orElse(null);
        }
    }
}
