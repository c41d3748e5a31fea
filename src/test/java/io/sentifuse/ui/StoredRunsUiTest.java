package io.sentifuse.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ConfigWriter;
import io.sentifuse.config.UiConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Json;
import io.sentifuse.run.RunDir;
import io.sentifuse.train.EpochStats;
import io.sentifuse.train.IterationStats;
import io.sentifuse.train.MetricsWriter;
import io.sentifuse.train.RunStarted;
import io.sentifuse.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sentifuse ui} over stored run folders: the trainer's files, metrics-only folders, torn and growing files. */
class StoredRunsUiTest {

    @TempDir
    Path runs;

    @AfterEach
    void noServerLeft() {
        assertThat(UiServer.isRunning()).as("a test left the UI server running").isFalse();
    }

    @Test
    void servesRunFoldersFromTheTrainersFiles() throws Exception {
        Path recorded = runs.resolve("20260101T080000Z-recorded");
        SyntheticTraining training = new SyntheticTraining(5, 3, 20, 0);
        training.record(recorded);
        Path metricsOnly = runs.resolve("20260101T090000Z-metrics-only");
        Files.createDirectories(metricsOnly);
        Files.writeString(metricsOnly.resolve(RunDir.CONFIG_FILE),
                ConfigWriter.toYaml(ConfigLoader.defaults(List.of("name=metrics-only", "fusion.head=gmu"))));
        Files.writeString(metricsOnly.resolve(MetricsWriter.METRICS_FILE), """
                {"epoch":0,"iteration":10,"train_loss":0.9,"val":{"loss":0.8,"accuracy":0.61,"weighted_f1":0.58,"macro_f1":0.5},"best":true,"seconds":1.5}
                {"epoch":1,"iteration":20,"train_loss":0.7,"val":{"loss":0.75,"accuracy":0.66,"weighted_f1":0.64,"macro_f1":0.55},"best":true,"seconds":1.4}
                """);
        // Killed in the middle of writing step 12: its line is torn, the provenance has a start and no end.
        Path killed = runs.resolve("20260101T100000Z-killed");
        List<String> lines = killedRun(killed, 16);
        String torn = lines.get(11);
        Files.writeString(killed.resolve(MetricsWriter.ITERATIONS_FILE),
                String.join("\n", lines.subList(0, 11)) + "\n" + torn.substring(0, torn.length() / 2));
        Files.createDirectories(runs.resolve("notes"));
        Files.writeString(runs.resolve("notes/readme.txt"), "not a run");

        try (StoredRunsUi ui = StoredRunsUi.serve(runs, "127.0.0.1", 0)) {
            StoredRunsUi.Summary s = ui.summary();
            assertThat(s.runs()).isEqualTo(3);
            assertThat(s.trainSessions()).containsExactlyInAnyOrder("20260101T080000Z-recorded", "20260101T100000Z-killed");
            assertThat(s.statsFiles()).isEmpty();
            assertThat(s.skipped()).isEmpty();
            String base = ui.server().baseUrl();

            JsonNode list = Http.json(base + SentifuseUiModule.API_RUNS).path("runs");
            assertThat(list.findValuesAsText("id")).containsExactlyInAnyOrder(
                    "20260101T080000Z-recorded", "20260101T090000Z-metrics-only", "20260101T100000Z-killed");

            JsonNode rec = Http.json(base + "/sentifuse/api/run?id=20260101T080000Z-recorded");
            IterationStats last = training.sentIterations.get(training.sentIterations.size() - 1);
            assertThat(rec.path("status").asText()).isEqualTo("completed");
            assertThat(rec.path("live").asBoolean()).isFalse();
            assertThat(rec.path("total_epochs").asInt()).isEqualTo(3);
            assertThat(rec.path("iterations_per_epoch").asInt()).isEqualTo(20);
            assertThat(rec.path("parameter_count").asLong())
                    .isEqualTo(SyntheticTraining.PARAMETERS.values().stream().mapToLong(Long::longValue).sum());
            assertThat(rec.path("iteration_count").asInt()).isEqualTo(60);
            assertThat(rec.at("/latest/loss").asDouble()).isEqualTo(last.loss());
            assertThat(rec.path("updated_at").asLong()).isGreaterThanOrEqualTo(last.timestampMillis());
            for (int i = 0; i < 3; i++) {
                EpochStats sent = training.sentEpochs.get(i);
                assertThat(rec.path("epochs").get(i).at("/val/weighted_f1").asDouble()).isEqualTo(sent.validation().get("weighted_f1"));
                assertThat(rec.path("epochs").get(i).path("train_loss").asDouble()).isEqualTo(sent.trainLoss());
            }

            JsonNode mo = Http.json(base + "/sentifuse/api/run?id=20260101T090000Z-metrics-only");
            assertThat(mo.path("name").asText()).isEqualTo("metrics-only");
            assertThat(mo.path("head").asText()).isEqualTo("gmu");
            assertThat(mo.path("status").asText()).isEqualTo("unfinished");
            assertThat(mo.path("iteration_count").asInt()).isZero();
            assertThat(mo.path("epochs").findValues("accuracy").stream().map(JsonNode::asDouble).toList())
                    .containsExactly(0.61, 0.66);
            assertThat(mo.path("best_epoch").asInt()).isEqualTo(1);

            // A torn last line is left for later; when the writer completes it (and goes on), the run grows.
            String killedUrl = base + "/sentifuse/api/run?id=20260101T100000Z-killed&max_points=1000";
            assertThat(Http.json(killedUrl).path("iteration_count").asInt()).isEqualTo(11);
            assertThat(Http.json(killedUrl).path("status").asText()).isEqualTo("unfinished");
            assertThat(Http.trainOverview(base, "20260101T100000Z-killed").path("scoresIter").size()).isEqualTo(11);
            Files.writeString(killed.resolve(MetricsWriter.ITERATIONS_FILE),
                    torn.substring(torn.length() / 2) + "\n" + String.join("\n", lines.subList(12, 16)) + "\n",
                    StandardOpenOption.APPEND);
            JsonNode grown = Http.json(killedUrl);
            assertThat(grown.path("iteration_count").asInt()).isEqualTo(16);
            assertThat(grown.path("status").asText()).isEqualTo("unfinished");
            ui.refresh(); // what the poller does every few seconds
            JsonNode grownTrain = Http.trainOverview(base, "20260101T100000Z-killed");
            assertThat(grownTrain.path("scoresIter").size()).isEqualTo(16);
            assertThat(grownTrain.path("scores").get(15).asDouble())
                    .isEqualTo(Json.mapper().readTree(lines.get(15)).path("loss").asDouble());

            // The stock overview of the recorded run: every step, with the file's losses.
            JsonNode overview = Http.trainOverview(base, "20260101T080000Z-recorded");
            JsonNode iters = overview.path("scoresIter");
            assertThat(iters.size()).isEqualTo(60);
            assertThat(iters.get(59).asInt()).isEqualTo(60);
            for (int i = 0; i < 60; i++) {
                assertThat(overview.path("scores").get(i).asDouble()).isEqualTo(training.sentIterations.get(i).loss());
            }

            Http.Response missing = Http.get(base + "/sentifuse/api/run?id=nope");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.json().path("error").asText()).isEqualTo("no run with id 'nope'");
        }
    }

    @Test
    void sweepStatsAreAttachedAndFilesInUseAreSkippedWithTheReason() throws Exception {
        Path busySweep = runs.resolve("sweep-0");
        Files.createDirectories(busySweep);
        Path sweep = runs.resolve("sweep-1");
        Files.createDirectories(sweep);
        ArbiterPage.record(sweep).close();
        Path candidate = sweep.resolve("candidate-0");
        new SyntheticTraining(4, 1, 5, 0).record(candidate);
        // A sweep still running holds MapDB's lock on its stats file.
        FileStatsStorage writer = ArbiterPage.record(busySweep);
        try (StoredRunsUi ui = StoredRunsUi.serve(runs, "127.0.0.1", 0)) {
            assertThat(ui.summary().runs()).isEqualTo(1);
            assertThat(ui.summary().trainSessions()).containsExactly("sweep-1.candidate-0");
            assertThat(ui.summary().statsFiles()).containsExactly(sweep.resolve(ArbiterPage.STATS_FILE).toString());
            assertThat(ui.summary().skipped()).singleElement().asString()
                    .startsWith(busySweep.resolve(ArbiterPage.STATS_FILE) + ": ")
                    .endsWith("(still being written by a sweep?)");
            JsonNode list = Http.json(ui.server().baseUrl() + SentifuseUiModule.API_RUNS).path("runs");
            assertThat(list.get(0).path("id").asText()).isEqualTo("sweep-1/candidate-0");
            assertThat(Http.trainOverview(ui.server().baseUrl(), "sweep-1.candidate-0")
                    .path("scoresIter").size()).isEqualTo(5);
            assertThat(Http.get(ui.server().baseUrl() + ArbiterPage.PATH).status()).isEqualTo(200);
        } finally {
            writer.close();
        }
    }

    @Test
    void theViewerSkipsADamagedStatsFileAndLeavesItWhereItIs() throws Exception {
        Path sweep = runs.resolve("sweep-damaged");
        Files.createDirectories(sweep);
        Path file = sweep.resolve(ArbiterPage.STATS_FILE);
        byte[] junk = new byte[5597];
        new java.util.Random(3).nextBytes(junk);
        Files.write(file, junk);
        try (StoredRunsUi ui = StoredRunsUi.serve(runs, "127.0.0.1", 0)) {
            assertThat(ui.summary().statsFiles()).isEmpty();
            assertThat(ui.summary().skipped()).singleElement().asString().startsWith(file + ": ");
        }
        try (java.util.stream.Stream<Path> left = Files.list(sweep)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("only a sweep moves its own file aside")
                    .containsExactly(ArbiterPage.STATS_FILE);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(junk);
    }

    @Test
    void aMissingFolderIsAnErrorNamingIt() {
        Path missing = runs.resolve("missing");
        assertThatThrownBy(() -> StoredRunsUi.serve(missing, "127.0.0.1", 0))
                .isInstanceOf(UserInputException.class)
                .hasMessage("RUNS_DIR: " + missing + " is not a folder (expected a runs folder such as runs/, or one run folder)");
    }

    @Test
    void resumedRunReplacesTheReplayedStepsInsteadOfDoublingBack() throws Exception {
        Path run = runs.resolve("20260101T110000Z-resumed");
        killedRun(run, 12);
        SyntheticTraining again = new SyntheticTraining(9, 1, 6, 0);
        try (UiSession session = UiSession.open(new UiConfig(true, "127.0.0.1", 0), run)) {
            // The trainer restarts from its checkpoint at iteration 6 and replays steps 7..12 (renumbered 1..6 here).
            session.onStart(new RunStarted(run, "resumed", "ote", 2, 10, 0, 6, Map.of("w/W", 10L)));
            for (IterationStats s : renumbered(again, 7)) {
                session.onIteration(s);
            }
            JsonNode d = Http.json(session.server().baseUrl() + "/sentifuse/api/run?id=" + run.getFileName());
            List<Long> iterations = new ArrayList<>();
            d.at("/iterations/iteration").forEach(n -> iterations.add(n.asLong()));
            assertThat(iterations).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
            assertThat(d.at("/latest/loss").asDouble()).isEqualTo(again.sentIterations.get(5).loss());
        }
    }

    @Test
    void aRewrittenIterationsFileIsReadAgainFromItsStart() throws Exception {
        Path run = runs.resolve("20260101T120000Z-rewritten");
        List<String> lines = killedRun(run, 10);
        try (StoredRunsUi ui = StoredRunsUi.serve(runs, "127.0.0.1", 0)) {
            String url = ui.server().baseUrl() + "/sentifuse/api/run?id=" + run.getFileName();
            assertThat(Http.json(url).path("iteration_count").asInt()).isEqualTo(10);
            // What --resume does: keep the steps up to the checkpoint (4), replace the file, then append anew.
            Path tmp = run.resolve("rewrite.tmp");
            Files.writeString(tmp, String.join("\n", lines.subList(0, 4)) + "\n");
            Files.move(tmp, run.resolve(MetricsWriter.ITERATIONS_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(run.resolve(MetricsWriter.ITERATIONS_FILE), String.join("\n", lines.subList(4, 7)) + "\n",
                    StandardOpenOption.APPEND);
            JsonNode d = Http.json(url);
            assertThat(d.path("iteration_count").asInt()).isEqualTo(7);
            ui.refresh();
            assertThat(Http.trainOverview(ui.server().baseUrl(), run.getFileName().toString())
                    .path("scoresIter").size()).isEqualTo(7);
        }
    }

    /**
     * A run folder as the trainer leaves it when killed during the first epoch: config, the provenance's start
     * (no end) and {@code iterations} complete iteration lines; returns those lines.
     */
    private static List<String> killedRun(Path runDir, int iterations) throws Exception {
        Path full = runDir.resolveSibling(runDir.getFileName() + ".full");
        new SyntheticTraining(11, 1, 100, 0).record(full);
        Files.createDirectories(runDir);
        Files.copy(full.resolve(RunDir.CONFIG_FILE), runDir.resolve(RunDir.CONFIG_FILE));
        ObjectNode prov = (ObjectNode) Json.mapper().readTree(full.resolve(RunDir.PROVENANCE_FILE).toFile());
        ((ObjectNode) prov.path(MetricsWriter.PROVENANCE_SECTION)).remove("end");
        Json.write(runDir.resolve(RunDir.PROVENANCE_FILE), prov);
        List<String> lines = Files.readAllLines(full.resolve(MetricsWriter.ITERATIONS_FILE)).subList(0, iterations);
        Files.writeString(runDir.resolve(MetricsWriter.ITERATIONS_FILE), String.join("\n", lines) + "\n");
        AtomicFiles.deleteTree(full);
        return lines;
    }

    /** The iterations a synthetic run would send, renumbered from {@code first}. */
    private static List<IterationStats> renumbered(SyntheticTraining t, long first) throws Exception {
        t.run(Path.of("unused"), new TrainingListener() {
        });
        List<IterationStats> out = new ArrayList<>();
        for (IterationStats s : t.sentIterations) {
            out.add(new IterationStats(first + s.iteration() - 1, s.epoch(), s.loss(), s.learningRates(), s.gradientNorm(),
                    s.updateRatios(), s.parameterNorms(), s.batchSize(), s.millis(), s.timestampMillis()));
        }
        return out;
    }
}
