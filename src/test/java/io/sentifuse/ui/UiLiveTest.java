package io.sentifuse.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.UiConfig;
import io.sentifuse.train.EpochStats;
import io.sentifuse.train.IterationStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance: while a run trains, the UI server's data endpoints grow and carry what the trainer sent. */
class UiLiveTest {

    private static final int EPOCHS = 6;
    private static final int PER_EPOCH = 50;

    @TempDir
    Path tmp;

    @AfterEach
    void noServerLeft() {
        assertThat(UiServer.isRunning()).as("a test left the UI server running").isFalse();
    }

    @Test
    void projectPageAndStockOverviewFollowARunLive() throws Exception {
        Path runDir = tmp.resolve("runs/20260101T000000Z-live");
        SyntheticTraining training = new SyntheticTraining(1, EPOCHS, PER_EPOCH, 15);
        ExecutorService trainer = Executors.newSingleThreadExecutor();
        try (UiSession ui = UiSession.open(new UiConfig(true, "127.0.0.1", 0), runDir)) {
            String base = ui.server().baseUrl();
            assertThat(base).startsWith("http://127.0.0.1:");
            assertThat(ui.url()).isEqualTo(base + "/sentifuse?run=20260101T000000Z-live");
            String runUrl = base + "/sentifuse/api/run?id=20260101T000000Z-live&max_points=100000";
            // Warm up both endpoints (first requests initialise DL4J's page machinery) before the clock runs.
            assertThat(Http.get(runUrl).status()).isEqualTo(200);
            assertThat(Http.get(base + "/train/overview/data").status()).isEqualTo(200);

            Future<?> run = trainer.submit(() -> {
                training.run(runDir, ui);
                return null;
            });
            List<Long> pageCounts = new ArrayList<>();
            List<Integer> overviewCounts = new ArrayList<>();
            while (!run.isDone()) {
                pageCounts.add(Http.json(runUrl).path("iteration_count").asLong());
                overviewCounts.add(Http.json(base + "/train/overview/data").path("scoresIter").size());
                Thread.sleep(150);
            }
            run.get(60, TimeUnit.SECONDS);

            assertThat(increases(pageCounts)).as("iteration counts seen while training: %s", pageCounts)
                    .isGreaterThanOrEqualTo(3);
            assertThat(increases(overviewCounts.stream().map(Integer::longValue).toList()))
                    .as("stock overview score counts seen while training: %s", overviewCounts).isGreaterThanOrEqualTo(2);

            JsonNode done = Http.json(runUrl);
            IterationStats last = training.sentIterations.get(training.sentIterations.size() - 1);
            assertThat(done.path("iteration_count").asLong()).isEqualTo((long) EPOCHS * PER_EPOCH);
            assertThat(done.path("status").asText()).isEqualTo("completed");
            assertThat(done.at("/latest/iteration").asLong()).isEqualTo(last.iteration());
            assertThat(done.at("/latest/loss").asDouble()).isEqualTo(last.loss());
            assertThat(done.at("/latest/lr/head").asDouble()).isEqualTo(last.learningRates().get("head"));
            JsonNode losses = done.at("/iterations/loss");
            assertThat(losses.size()).isEqualTo(EPOCHS * PER_EPOCH);
            assertThat(losses.get(losses.size() - 1).asDouble()).isEqualTo(last.loss());

            IterationStats lastSampled = training.sentIterations.stream().filter(s -> !s.updateRatios().isEmpty())
                    .reduce((a, b) -> b).orElseThrow();
            JsonNode ratio = done.at("/update_ratios/series").path("ote/text_proj/W");
            assertThat(ratio.get(ratio.size() - 1).asDouble()).isEqualTo(lastSampled.updateRatios().get("ote/text_proj/W"));

            JsonNode epochs = done.path("epochs");
            assertThat(epochs.size()).isEqualTo(EPOCHS);
            for (int i = 0; i < EPOCHS; i++) {
                EpochStats sent = training.sentEpochs.get(i);
                assertThat(epochs.get(i).at("/val/accuracy").asDouble()).isEqualTo(sent.validation().get("accuracy"));
                assertThat(epochs.get(i).at("/val/weighted_f1").asDouble()).isEqualTo(sent.validation().get("weighted_f1"));
                assertThat(epochs.get(i).at("/val/macro_f1").asDouble()).isEqualTo(sent.validation().get("macro_f1"));
            }

            // DL4J routes storage events to its modules every 500 ms: wait for the last ones.
            JsonNode overview = poll(base + "/train/overview/data",
                    n -> n.path("scoresIter").size() == EPOCHS * PER_EPOCH);
            JsonNode scores = overview.path("scores");
            assertThat(scores.get(scores.size() - 1).asDouble()).isEqualTo(last.loss());
            assertThat(overview.path("scoresIter").get(EPOCHS * PER_EPOCH - 1).asLong()).isEqualTo(last.iteration());
            JsonNode stockRatio = overview.at("/updateRatios").path("ote/text_proj/W");
            assertThat(stockRatio.get(stockRatio.size() - 1).asDouble())
                    .isCloseTo(lastSampled.updateRatios().get("ote/text_proj/W"), within(1e-12));
            assertThat(overview.at("/updateRatios").has("ote/text_proj/b")).as("stock page: weights only").isFalse();
        } finally {
            trainer.shutdownNow();
        }
        // The live view is memory only: the run folder holds what the trainer writes, and nothing here wrote.
        assertThat(runDir).doesNotExist();
    }

    @Test
    void withoutUiEnabledThereIsNoSessionAndNoServer() {
        ExperimentConfig quiet = ConfigLoader.defaults(List.of("ui.port=0"));
        assertThat(quiet.ui().enabled()).isFalse();
        assertThat(new UiListenerFactory().create(quiet, tmp.resolve("quiet"))).isNull();
        assertThat(UiServer.isRunning()).isFalse();
        assertThatThrownBy(() -> UiSession.open(quiet.ui(), tmp.resolve("quiet")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a live UI session needs ui.enabled (--ui)");
        assertThat(tmp.resolve("quiet")).doesNotExist();
    }

    /** How many times the sequence went up from one poll to the next. */
    private static int increases(List<Long> values) {
        int n = 0;
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) > values.get(i - 1)) {
                n++;
            }
        }
        return n;
    }

    private static JsonNode poll(String url, Predicate<JsonNode> until) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            last = Http.json(url);
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("condition not met within 20 s at " + url + "; last answer: " + last);
    }
}
