package io.sentifuse.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (issue 6): a real {@code sentifuse train --ui} run, polled over HTTP while it trains: the UI
 * server's data endpoint reports a growing iteration count and, at the end, every step the trainer made.
 */
class TrainUiLiveTest {

    @TempDir
    Path runs;

    @AfterEach
    void noServerLeft() {
        assertThat(UiServer.isRunning()).as("a test left the UI server running").isFalse();
    }

    @Test
    void iterationCountGrowsWhileTheTrainCommandRuns() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        // the run's session joins this server (same host and port), so the test knows where to look
        try (UiServer server = UiServer.start("127.0.0.1", 0)) {
            String base = server.baseUrl();
            Future<CliRunner.Result> train = pool.submit(() -> CliRunner.run("train", "experiments/smoke/synthetic.yaml",
                    "--ui", "--set", "ui.port=" + server.port(), "--set", "output.runs_dir=" + runs, "--json"));
            List<Long> counts = new ArrayList<>();
            String runUrl = null;
            while (!train.isDone()) {
                if (runUrl == null) {
                    JsonNode list = Http.json(base + "/sentifuse/api/runs").path("runs");
                    for (JsonNode r : list) {
                        if (r.path("id").asText().endsWith("smoke-synthetic")) {
                            runUrl = base + "/sentifuse/api/run?id=" + r.path("id").asText() + "&max_points=100000";
                        }
                    }
                } else {
                    counts.add(Http.json(runUrl).path("iteration_count").asLong());
                }
                Thread.sleep(100);
            }
            CliRunner.Result result = train.get();
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(runUrl).as("the run appeared in /sentifuse/api/runs while training").isNotNull();
            // 960 training examples / batch 32 = 30 steps per epoch, 8 epochs
            long finalCount = Http.json(runUrl).path("iteration_count").asLong();
            assertThat(finalCount).isEqualTo(240);
            assertThat(counts.stream().distinct().count()).as("distinct counts seen while training: " + counts)
                    .isGreaterThanOrEqualTo(3);
            for (int i = 1; i < counts.size(); i++) {
                assertThat(counts.get(i)).isGreaterThanOrEqualTo(counts.get(i - 1));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
