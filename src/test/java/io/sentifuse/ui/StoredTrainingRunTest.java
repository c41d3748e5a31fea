package io.sentifuse.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.files.Json;
import io.sentifuse.run.RunDir;
import io.sentifuse.train.MetricsWriter;
import io.sentifuse.train.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (issue 9): a real {@code sentifuse train} run without {@code --ui} leaves only the trainer's files,
 * and {@code sentifuse ui} shows it from them on the project's page and on DL4J's {@code /train} data endpoints
 * with every step of {@code iterations.jsonl}, loss for loss; a copy killed in mid-line still loads.
 */
class StoredTrainingRunTest {

    @TempDir
    Path tmp;

    @AfterEach
    void noServerLeft() {
        assertThat(UiServer.isRunning()).as("a test left the UI server running").isFalse();
    }

    @Test
    void aTrainedRunShowsOnBothPagesWithTheLossesOfItsIterationsFile() throws Exception {
        Path runs = tmp.resolve("runs");
        CliRunner.Result r = CliRunner.run("train", "experiments/smoke/synthetic.yaml", "--set", "output.runs_dir=" + runs,
                "--set", "training.epochs=3", "--set", "training.stats_every=4", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] out = r.out().strip().split("\n");
        Path run = Path.of(Json.mapper().readTree(out[out.length - 1]).path("run_dir").asText());
        try (Stream<Path> files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .doesNotContain("ui-events.jsonl", "ui-stats.dl4j")
                    .contains(MetricsWriter.ITERATIONS_FILE, MetricsWriter.METRICS_FILE, RunDir.PROVENANCE_FILE);
        }
        List<JsonNode> lines = RunFiles.lines(run.resolve(MetricsWriter.ITERATIONS_FILE));
        assertThat(lines).hasSize(3 * 30); // 960 training examples / batch 32, 3 epochs
        List<Double> losses = lines.stream().map(n -> n.path("loss").asDouble()).toList();
        assertThat(lines).allSatisfy(n -> assertThat(n.path("t").asLong()).isPositive());
        JsonNode trainer = Json.mapper().readTree(run.resolve(RunDir.PROVENANCE_FILE).toFile())
                .path(MetricsWriter.PROVENANCE_SECTION);
        assertThat(trainer.path("iterations_per_epoch").asInt()).isEqualTo(30);
        assertThat(trainer.at("/end/reason").asText()).isEqualTo("completed");

        // A copy killed during step 61: its line torn, its provenance without an end.
        Path killed = runs.resolve("killed-copy");
        RunFiles.copyTree(run, killed);
        // 60 complete lines, then half of the 61st
        List<String> all = Files.readAllLines(run.resolve(MetricsWriter.ITERATIONS_FILE));
        Files.writeString(killed.resolve(MetricsWriter.ITERATIONS_FILE), String.join("\n", all.subList(0, 60)) + "\n"
                + all.get(60).substring(0, all.get(60).length() / 2));
        ObjectNode prov = (ObjectNode) Json.mapper().readTree(killed.resolve(RunDir.PROVENANCE_FILE).toFile());
        ((ObjectNode) prov.path(MetricsWriter.PROVENANCE_SECTION)).remove("end");
        Json.write(killed.resolve(RunDir.PROVENANCE_FILE), prov);
        Files.delete(killed.resolve("report.json"));

        try (StoredRunsUi ui = StoredRunsUi.serve(runs, "127.0.0.1", 0)) {
            String base = ui.server().baseUrl();
            String id = run.getFileName().toString();
            assertThat(ui.summary().trainSessions()).containsExactlyInAnyOrder(id, "killed-copy");

            JsonNode page = Http.json(base + "/sentifuse/api/run?id=" + id + "&max_points=100000");
            assertThat(page.path("status").asText()).isEqualTo("completed");
            assertThat(page.path("iteration_count").asInt()).isEqualTo(90);
            assertThat(doubles(page.at("/iterations/loss"))).isEqualTo(losses);
            assertThat(page.path("epochs").size()).isEqualTo(3);
            assertThat(page.path("iterations_per_epoch").asInt()).isEqualTo(30);

            JsonNode stock = Http.trainOverview(base, id);
            assertThat(stock.path("scoresIter").size()).isEqualTo(90);
            assertThat(stock.path("scoresIter").get(89).asInt()).isEqualTo(90);
            assertThat(doubles(stock.path("scores"))).isEqualTo(losses);
            // sampled every 4th step in the file, repeated in between for the stock chart
            JsonNode ratios = stock.at("/updateRatios").path("ote/text/W");
            assertThat(ratios.size()).isEqualTo(90);
            double lastRatio = lines.get(88).at("/update_ratios/ote~1text~1W").asDouble();
            assertThat(ratios.get(89).asDouble()).isCloseTo(lastRatio, within(1e-12));

            JsonNode cut60 = Http.json(base + "/sentifuse/api/run?id=killed-copy&max_points=100000");
            assertThat(cut60.path("status").asText()).isEqualTo("unfinished");
            assertThat(cut60.path("iteration_count").asInt()).isEqualTo(60);
            assertThat(doubles(cut60.at("/iterations/loss"))).isEqualTo(losses.subList(0, 60));
            assertThat(Http.trainOverview(base, "killed-copy").path("scoresIter").size()).isEqualTo(60);
        }
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asDouble()));
        return out;
    }
}
