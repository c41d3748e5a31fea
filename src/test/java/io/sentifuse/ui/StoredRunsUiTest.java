package io.sentifuse.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ConfigWriter;
import io.sentifuse.config.UiConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import io.sentifuse.run.RunDir;
import io.sentifuse.train.EpochStats;
import io.sentifuse.train.IterationStats;
import io.sentifuse.train.RunStarted;
import io.sentifuse.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sentifuse ui} over stored run folders: what the recorder wrote, trainer-only folders, torn files. */
class StoredRunsUiTest {

    @TempDir
    Path runs;

    @AfterEach
    void noServerLeft() {
        assertThat(UiServer.isRunning()).as("a test left the UI server running").isFalse();
    }

    @Test
    void servesRunFoldersWrittenByTheRecorderAndTheTrainer() throws Exception {
        Path recorded = runs.resolve("20260101T080000Z-recorded");
        SyntheticTraining training = new SyntheticTraining(5, 3, 20, 0);
        try (UiSession recorder = UiSession.open(new UiConfig(false, "127.0.0.1", 0), recorded)) {
            training.run(recorded, recorder);
        }
        Path metricsOnly = runs.resolve("20260101T090000Z-metrics-only");
        Files.createDirectories(metricsOnly);
        Files.writeString(metricsOnly.resolve(RunDir.CONFIG_FILE),
                ConfigWriter.toYaml(ConfigLoader.defaults(List.of("name=metrics-only", "fusion.head=gmu"))));
        Files.writeString(metricsOnly.resolve(StoredRun.METRICS_FILE), """
                {"epoch":0,"iteration":10,"train_loss":0.9,"val":{"loss":0.8,"accuracy":0.61,"weighted_f1":0.58,"macro_f1":0.5},"best":true,"seconds":1.5,"timestamp":1000}
                {"epoch":1,"iteration":20,"train_loss":0.7,"val":{"loss":0.75,"accuracy":0.66,"weighted_f1":0.64,"macro_f1":0.55},"best":true,"seconds":1.4,"timestamp":2000}
                """);
        Path killed = runs.resolve("20260101T100000Z-killed");
        List<String> killedLines = eventLines(killed, 16);
        Files.createDirectories(killed);
        String torn = killedLines.get(11);
        Files.writeString(killed.resolve(RunEventLog.FILE),
                String.join("\n", killedLines.subList(0, 11)) + "\n" + torn.substring(0, torn.length() / 2));
        Files.createDirectories(runs.resolve("notes"));
        Files.writeString(runs.resolve("notes/readme.txt"), "not a run");

        try (StoredRunsUi ui = StoredRunsUi.serve(runs, "127.0.0.1", 0)) {
            StoredRunsUi.Summary s = ui.summary();
            assertThat(s.runs()).isEqualTo(3);
            assertThat(s.statsFiles()).containsExactly(recorded.resolve(UiSession.STATS_FILE).toString());
            assertThat(s.skipped()).isEmpty();
            String base = ui.server().baseUrl();

            JsonNode list = Http.json(base + SentifuseUiModule.API_RUNS).path("runs");
            assertThat(list.findValuesAsText("id")).containsExactlyInAnyOrder(
                    "20260101T080000Z-recorded", "20260101T090000Z-metrics-only", "20260101T100000Z-killed");

            JsonNode rec = Http.json(base + "/sentifuse/api/run?id=20260101T080000Z-recorded");
            IterationStats last = training.sentIterations.get(training.sentIterations.size() - 1);
            assertThat(rec.path("status").asText()).isEqualTo("completed");
            assertThat(rec.path("live").asBoolean()).isFalse();
            assertThat(rec.path("iteration_count").asInt()).isEqualTo(60);
            assertThat(rec.at("/latest/loss").asDouble()).isEqualTo(last.loss());
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
            assertThat(Http.json(killedUrl).path("iteration_count").asInt()).isEqualTo(10);
            Files.writeString(killed.resolve(RunEventLog.FILE),
                    torn.substring(torn.length() / 2) + "\n" + String.join("\n", killedLines.subList(12, 16)) + "\n",
                    StandardOpenOption.APPEND);
            JsonNode grown = Http.json(killedUrl);
            assertThat(grown.path("iteration_count").asInt()).isEqualTo(15);
            assertThat(grown.path("status").asText()).isEqualTo("unfinished");

            // The stock overview page reads the recorded run's stats file (thinned, but ending on the last step).
            JsonNode overview = Http.json(base + "/train/overview/data");
            JsonNode iters = overview.path("scoresIter");
            assertThat(iters.size()).isBetween(3, 60);
            assertThat(iters.get(iters.size() - 1).asInt()).isEqualTo(60);
            assertThat(overview.path("scores").get(iters.size() - 1).asDouble()).isEqualTo(last.loss());

            Http.Response missing = Http.get(base + "/sentifuse/api/run?id=nope");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.json().path("error").asText()).isEqualTo("no run with id 'nope'");
        }
    }

    @Test
    void sweepStatsAreAttachedAndFilesInUseAreSkippedWithTheReason() throws Exception {
        Path sweep = runs.resolve("sweep-1");
        Files.createDirectories(sweep);
        ArbiterPage.record(sweep).close();
        Path busy = sweep.resolve("candidate-0");
        try (UiSession recorder = UiSession.open(new UiConfig(false, "127.0.0.1", 0), busy)) {
            new SyntheticTraining(4, 1, 5, 0).run(busy, recorder);
        }
        // A training process still writing its stats file holds MapDB's lock on it.
        FileStatsStorage writer = new FileStatsStorage(busy.resolve(UiSession.STATS_FILE).toFile());
        try (StoredRunsUi ui = StoredRunsUi.serve(runs, "127.0.0.1", 0)) {
            assertThat(ui.summary().runs()).isEqualTo(1);
            assertThat(ui.summary().statsFiles()).containsExactly(sweep.resolve(ArbiterPage.STATS_FILE).toString());
            assertThat(ui.summary().skipped()).singleElement().asString()
                    .startsWith(busy.resolve(UiSession.STATS_FILE) + ": ")
                    .endsWith("(still being written by a training process?)");
            JsonNode list = Http.json(ui.server().baseUrl() + SentifuseUiModule.API_RUNS).path("runs");
            assertThat(list.get(0).path("id").asText()).isEqualTo("sweep-1/candidate-0");
            assertThat(Http.get(ui.server().baseUrl() + ArbiterPage.PATH).status()).isEqualTo(200);
        } finally {
            writer.close();
        }
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
        List<String> lines = eventLines(run, 12);
        Files.createDirectories(run);
        Files.writeString(run.resolve(RunEventLog.FILE), String.join("\n", lines) + "\n");
        SyntheticTraining again = new SyntheticTraining(9, 1, 6, 0);
        try (UiSession session = UiSession.open(new UiConfig(true, "127.0.0.1", 0), run)) {
            // The trainer restarts from its checkpoint at iteration 6 and replays steps 7..12 (renumbered 1..6 here).
            session.onStart(new RunStarted(run, "resumed", "ote", 2, 10, 0, 6, Map.of("w/W", 10L)));
            for (IterationStats s : iterationsFrom(again, run, 7)) {
                session.onIteration(s);
            }
            JsonNode d = Http.json(session.server().orElseThrow().baseUrl() + "/sentifuse/api/run?id=" + run.getFileName());
            List<Long> iterations = new ArrayList<>();
            d.at("/iterations/iteration").forEach(n -> iterations.add(n.asLong()));
            assertThat(iterations).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
            assertThat(d.at("/latest/loss").asDouble()).isEqualTo(again.sentIterations.get(5).loss());
        }
    }

    /** Event lines of a synthetic run: start, then iterations 1.. (no epochs end within {@code iterations}). */
    private static List<String> eventLines(Path runDir, int iterations) throws Exception {
        SyntheticTraining t = new SyntheticTraining(11, 1, 100, 0);
        List<String> lines = new ArrayList<>();
        lines.add(Json.line(RunEventLog.encode(t.start(runDir))));
        for (IterationStats s : iterationsFrom(t, runDir, 1).subList(0, iterations)) {
            lines.add(Json.line(RunEventLog.encode(s)));
        }
        return lines;
    }

    /** The iterations a synthetic run would send, renumbered from {@code first}. */
    private static List<IterationStats> iterationsFrom(SyntheticTraining t, Path runDir, long first) throws Exception {
        t.run(runDir, new TrainingListener() {
        });
        List<IterationStats> out = new ArrayList<>();
        for (IterationStats s : t.sentIterations) {
            out.add(new IterationStats(first + s.iteration() - 1, s.epoch(), s.loss(), s.learningRates(), s.gradientNorm(),
                    s.updateRatios(), s.parameterNorms(), s.batchSize(), s.millis(), s.timestampMillis()));
        }
        return out;
    }
}
