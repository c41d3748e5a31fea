package io.sentifuse.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.app.Services;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.eval.Evaluation;
import io.sentifuse.features.FeatureBatches;
import io.sentifuse.features.FeatureSet;
import io.sentifuse.features.FeatureSources;
import io.sentifuse.features.FeatureSplits;
import io.sentifuse.features.SyntheticFeatures;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Json;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.seeds.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    private static final Path SMOKE = Path.of("experiments/smoke/synthetic.yaml");

    @TempDir
    Path tmp;

    private static List<String> sets(Path runs, String... more) {
        List<String> out = new ArrayList<>(List.of("output.runs_dir=" + runs, "training.synthetic.examples=600",
                "seed=5"));
        out.addAll(List.of(more));
        return out;
    }

    /** Records what listeners see. */
    static final class Recorder implements TrainingListener {
        final List<RunStarted> starts = new ArrayList<>();
        final List<IterationStats> iterations = new ArrayList<>();
        final List<EpochStats> epochs = new ArrayList<>();
        final List<RunEnded> ends = new ArrayList<>();

        @Override
        public void onStart(RunStarted e) {
            starts.add(e);
        }

        @Override
        public void onIteration(IterationStats s) {
            iterations.add(s);
        }

        @Override
        public void onEpoch(EpochStats s) {
            epochs.add(s);
        }

        @Override
        public void onEnd(RunEnded e) {
            ends.add(e);
        }
    }

    @Test
    void lossFallsAndEveryFileAndEventHasItsShape() throws IOException {
        Recorder rec = new Recorder();
        Path runs = tmp.resolve("runs");
        TrainingResult r = Services.training().train(new TrainRequest(SMOKE,
                sets(runs, "training.epochs=4", "training.class_weights=balanced", "training.stats_every=5",
                        "training.synthetic.task=complementary"), null,
                false, null, List.of("test"), List.of(rec)));
        Path run = r.runDir();
        int perEpoch = (480 + 31) / 32;

        List<JsonNode> metrics = RunFiles.metrics(run);
        assertThat(metrics).hasSize(4);
        double first = metrics.get(0).get("train_loss").asDouble();
        double last = metrics.get(3).get("train_loss").asDouble();
        assertThat(last).as("training loss falls").isLessThan(0.7 * first);
        assertThat(metrics.get(3).at("/val/loss").asDouble()).isLessThan(metrics.get(0).at("/val/loss").asDouble());
        JsonNode m = metrics.get(2);
        assertThat(m.get("epoch").asInt()).isEqualTo(2);
        assertThat(m.get("iteration").asLong()).isEqualTo(3L * perEpoch);
        for (String key : List.of("loss", "accuracy", "weighted_f1", "macro_f1")) {
            assertThat(m.get("val").has(key)).as(key).isTrue();
        }
        assertThat(m.at("/val/per_class/neutral/recall").isNumber()).isTrue();
        assertThat(m.at("/val/confusion").size()).isEqualTo(3);
        long confusionTotal = 0;
        for (JsonNode row : m.at("/val/confusion")) {
            for (JsonNode v : row) {
                confusionTotal += v.asLong();
            }
        }
        assertThat(confusionTotal).isEqualTo(r.valExamples());
        assertThat(m.at("/lr/head").asDouble()).isEqualTo(3e-3);

        List<JsonNode> its = RunFiles.iterations(run);
        assertThat(its).hasSize(4 * perEpoch);
        for (int i = 0; i < its.size(); i++) {
            assertThat(its.get(i).get("i").asLong()).isEqualTo(i + 1);
        }
        assertThat(its.stream().filter(j -> j.has("update_ratios")).count()).isEqualTo((4 * perEpoch + 4) / 5);

        assertThat(rec.starts).hasSize(1);
        assertThat(rec.starts.get(0).iterationsPerEpoch()).isEqualTo(perEpoch);
        assertThat(rec.starts.get(0).parameterCounts()).isNotEmpty();
        assertThat(rec.iterations).hasSize(4 * perEpoch);
        IterationStats sampled = rec.iterations.get(0);
        assertThat(sampled.updateRatios()).containsOnlyKeys(rec.starts.get(0).parameterCounts().keySet());
        // step 1 moves every weight by about lr per entry; zero-initialised biases have no ratio yet (0)
        sampled.updateRatios().forEach((k, v) -> assertThat(v).as(k).isGreaterThanOrEqualTo(0.0));
        assertThat(sampled.updateRatios().get("ote/text/W")).isBetween(1e-3, 0.2);
        assertThat(sampled.gradientNorm()).isPositive();
        assertThat(rec.epochs).hasSize(4);
        assertThat(rec.ends).containsExactly(new RunEnded("completed", 4, r.bestEpoch()));

        assertThat(r.epochsRun()).isEqualTo(4);
        assertThat(r.val().accuracy()).isEqualTo(metrics.get(r.bestEpoch()).at("/val/accuracy").asDouble());
        assertThat(metrics.get(r.bestEpoch()).get("best").asBoolean()).isTrue();
        assertThat(Files.readString(run.resolve(TrainingReport.TEXT_FILE))).contains("weighted F1")
                .contains("confusion");
        assertThat(Json.read(run.resolve(TrainingReport.JSON_FILE), JsonNode.class).at("/val/accuracy").asDouble())
                .isEqualTo(r.val().accuracy());
        FusionModel best = FusionModel.load(run.resolve(TrainingService.MODEL_DIR));
        assertThat(best.head().name()).isEqualTo("ote");
        // keep_checkpoints: 1 keeps the last epoch and the best one
        assertThat(new Checkpoints(run, 1).epochs()).containsExactlyInAnyOrderElementsOf(
                Stream.of(3, r.bestEpoch()).distinct().toList());
    }

    @Test
    void earlyStoppingEndsTheRunAfterPatienceEpochsWithoutImprovement() {
        // lr 1e-12 leaves every float32 parameter unchanged, so the validation loss never improves after epoch 0
        TrainingResult r = Services.training().train(TrainRequest.of(SMOKE, sets(tmp.resolve("runs"),
                "training.epochs=6", "training.lr=1e-12", "training.select_metric=loss", "training.patience=2")));
        assertThat(r.epochsRun()).isEqualTo(3);
        assertThat(r.stopReason()).isEqualTo("early-stopped");
        assertThat(r.bestEpoch()).isZero();
        assertThat(RunFiles.metrics(r.runDir())).hasSize(3);
        // a resumed early-stopped run has nothing left to do
        TrainingResult again = Services.training().train(TrainRequest.resume(r.runDir()));
        assertThat(again.epochsRun()).isEqualTo(3);
        assertThat(RunFiles.metrics(r.runDir())).hasSize(3);
    }

    /**
     * A crash after epoch 1's checkpoint, simulated on a copy of a finished run: later checkpoints gone,
     * metrics and iteration lines of later epochs still on disk, a line cut in half, a half-written
     * checkpoint folder. Resuming must rebuild exactly the files of the uninterrupted run.
     */
    @Test
    void resumeAfterACrashReproducesTheUninterruptedRun() throws IOException {
        TrainingResult full = Services.training().train(TrainRequest.of(SMOKE, sets(tmp.resolve("a"),
                "training.epochs=4", "output.keep_checkpoints=10", "fusion.dropout=0.3")));
        Path copy = tmp.resolve("b").resolve(full.runDir().getFileName());
        RunFiles.copyTree(full.runDir(), copy);
        AtomicFiles.deleteTree(Checkpoints.folder(copy.resolve(Checkpoints.DIR), 2));
        AtomicFiles.deleteTree(Checkpoints.folder(copy.resolve(Checkpoints.DIR), 3));
        AtomicFiles.deleteTree(copy.resolve(TrainingService.MODEL_DIR));
        Files.delete(copy.resolve(TrainingReport.JSON_FILE));
        Files.createDirectories(copy.resolve(Checkpoints.DIR).resolve(".partial-epoch-0002"));
        Files.writeString(copy.resolve(MetricsWriter.METRICS_FILE), "{\"epoch\":3,\"iter", StandardOpenOption.APPEND);
        Files.writeString(copy.resolve(MetricsWriter.ITERATIONS_FILE), "{\"i\":9", StandardOpenOption.APPEND);

        TrainingResult resumed = Services.training().train(TrainRequest.resume(copy));
        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.epochsRun()).isEqualTo(4);
        assertThat(RunFiles.metrics(copy)).isEqualTo(RunFiles.metrics(full.runDir()));
        assertThat(RunFiles.iterations(copy)).isEqualTo(RunFiles.iterations(full.runDir()));
        assertThat(resumed.val()).isEqualTo(full.val());
        assertThat(resumed.bestEpoch()).isEqualTo(full.bestEpoch());
        assertThat(Files.exists(copy.resolve(Checkpoints.DIR).resolve(".partial-epoch-0002"))).isFalse();
        // the provenance names the latest start (after epoch 1's checkpoint) and the run's end
        JsonNode trainer = Json.read(copy.resolve("provenance.json"), JsonNode.class).path(MetricsWriter.PROVENANCE_SECTION);
        int perEpoch = (480 + 31) / 32;
        assertThat(trainer.path("start_epoch").asInt()).isEqualTo(2);
        assertThat(trainer.path("start_iteration").asLong()).isEqualTo(2L * perEpoch);
        assertThat(trainer.path("iterations_per_epoch").asInt()).isEqualTo(perEpoch);
        assertThat(trainer.at("/end/reason").asText()).isEqualTo("completed");
        assertThat(trainer.at("/end/epochs_run").asInt()).isEqualTo(4);
        assertThat(trainer.at("/end/best_epoch").asInt()).isEqualTo(full.bestEpoch());
    }

    /**
     * With a test part (standard protocol) the best model is also scored on it, and nothing is selected on it:
     * the reported test figures are those of the saved best-epoch model on the test examples, recomputed here.
     * The provider is this service's own, not a global registration.
     */
    @Test
    void aTestPartIsScoredWithTheBestModel() throws IOException {
        FeatureSplits[] made = new FeatureSplits[1];
        FeatureSources sources = Services.featureSources().with("synthetic-with-test", (config, kinds) -> {
            FeatureSplits a = SyntheticFeatures.generate(config.training().synthetic(), Seeds.of(1));
            FeatureSplits b = SyntheticFeatures.generate(config.training().synthetic(), Seeds.of(2));
            made[0] = new FeatureSplits(a.train(), a.validation(), Optional.of(b.validation()), a.provenance());
            return made[0];
        });
        TrainingResult r = Services.training(sources).train(TrainRequest.of(SMOKE, sets(tmp.resolve("runs"),
                "training.epochs=2", "training.features=synthetic-with-test")));
        FusionModel best = FusionModel.load(r.runDir().resolve(TrainingService.MODEL_DIR));
        FeatureSet testPart = made[0].test().orElseThrow();
        Evaluation recomputed = Evaluation.of(best, new FeatureBatches(testPart, best.inputs(), Seeds.of(0)), 64);
        assertThat(recomputed.ids()).hasSize(120);
        assertThat(r.test()).isNotNull();
        assertThat(r.test().accuracy()).isEqualTo(recomputed.report().accuracy());
        assertThat(r.test().weightedF1()).isEqualTo(recomputed.report().weightedF1());
        assertThat(r.test().loss()).isCloseTo(recomputed.loss(), within(1e-6));
        // the best epoch is the one with the best validation accuracy, whatever the test part says
        List<JsonNode> metrics = RunFiles.metrics(r.runDir());
        double bestVal = metrics.stream().mapToDouble(m -> m.at("/val/accuracy").asDouble()).max().orElseThrow();
        assertThat(metrics.get(r.bestEpoch()).at("/val/accuracy").asDouble()).isEqualTo(bestVal);
        assertThat(Files.readString(r.runDir().resolve(TrainingReport.TEXT_FILE))).contains("test          accuracy");
        assertThat(Json.read(r.runDir().resolve("provenance.json"), JsonNode.class).at("/features/test_examples")
                .asInt()).isEqualTo(120);
        // the standard sources were not changed by this test
        assertThatThrownBy(() -> Services.featureSources().get("synthetic-with-test"))
                .isInstanceOf(UserInputException.class);
    }

    /** What the live UI relies on: its factory sees ui.enabled (set by --ui) and its listener is closed at the end. */
    @Test
    void listenerFactoriesAreCalledWithTheUiSettingAndTheirListenersClosed() {
        Recorder rec = new Recorder();
        List<Object> seen = new ArrayList<>();
        boolean[] closed = {false};
        TrainingListenerFactory factory = (config, runDir) -> {
            seen.add(config.ui().enabled());
            seen.add(config.ui().host());
            seen.add(runDir);
            return new CloseableRecorder(rec, closed);
        };
        TrainingService service = new TrainingService(Services.trainingModes(Services.featureSources()),
                List.of(factory, (c, d) -> null), java.time.Clock.systemUTC());
        TrainingResult r = service.train(new TrainRequest(SMOKE, sets(tmp.resolve("runs"), "training.epochs=1"), null,
                true, "0.0.0.0", List.of(), List.of()));
        assertThat(seen).containsExactly(true, "0.0.0.0", r.runDir());
        assertThat(rec.epochs).hasSize(1);
        assertThat(closed[0]).isTrue();
        // --ui does not change the stored configuration of the run
        assertThat(io.sentifuse.config.ConfigLoader.load(r.runDir().resolve("config.yaml"), List.of()).ui().enabled())
                .isFalse();
    }

    private record CloseableRecorder(Recorder delegate, boolean[] closed) implements TrainingListener, AutoCloseable {
        @Override
        public void onEpoch(EpochStats s) {
            delegate.onEpoch(s);
        }

        @Override
        public void close() {
            closed[0] = true;
        }
    }

    @Test
    void badSettingsAndResumeMisuseAreUserErrors() {
        Path runs = tmp.resolve("runs");
        assertThatThrownBy(() -> Services.training().train(TrainRequest.of(SMOKE,
                sets(runs, "fusion.head=otee")))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("unknown head 'otee'");
        assertThatThrownBy(() -> Services.training().train(TrainRequest.of(SMOKE,
                sets(runs, "fusion.heads=3")))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("fusion.heads (3) must be positive and divide fusion.projection_dim (32)");
        assertThatThrownBy(() -> Services.training().train(TrainRequest.of(SMOKE,
                sets(runs, "training.features=nope")))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("unknown feature source 'nope'");
        assertThatThrownBy(() -> Services.training().train(TrainRequest.of(SMOKE,
                sets(runs, "output.keep_checkpoints=0")))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("output.keep_checkpoints must be at least 1");
        assertThatThrownBy(() -> Services.training().train(new TrainRequest(null, List.of("seed=1"),
                tmp, false, null, List.of(), List.of()))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("--set cannot be combined with --resume");
        assertThatThrownBy(() -> Services.training().train(TrainRequest.resume(tmp.resolve("nope"))))
                .isInstanceOf(UserInputException.class).hasMessageContaining("no such run folder");
    }
}
