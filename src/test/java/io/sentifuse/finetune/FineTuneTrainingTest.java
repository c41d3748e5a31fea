package io.sentifuse.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.app.Services;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Json;
import io.sentifuse.train.Checkpoints;
import io.sentifuse.train.FrozenMode;
import io.sentifuse.train.MetricsWriter;
import io.sentifuse.train.RunFiles;
import io.sentifuse.train.TrainRequest;
import io.sentifuse.train.TrainingModes;
import io.sentifuse.train.TrainingReport;
import io.sentifuse.train.TrainingResult;
import io.sentifuse.train.TrainingService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code training.mode: finetune} through the training service, on the committed fixture with the tiny
 * encoders: the run folder has the frozen mode's files and structure, and a run that crashed after an epoch
 * resumes to exactly the numbers of the uninterrupted run.
 */
class FineTuneTrainingTest {

    private static final Path SMOKE = Path.of("experiments/smoke/finetune.yaml");

    @TempDir
    Path tmp;

    private static List<String> sets(Path runs, String... more) {
        // one compute thread: the resumed run must reproduce the uninterrupted one to the last bit
        List<String> out = new ArrayList<>(TinyEncoders.sets("output.runs_dir=" + runs, "training.epochs=3",
                "training.batch_size=4", "training.eval_batch_size=8", "training.threads=1", "seed=11",
                "training.lr=3e-3", "training.encoder_lr=1e-3", "output.keep_checkpoints=10"));
        out.addAll(List.of(more));
        return out;
    }

    @Test
    void aFineTuneRunWritesTheFrozenModesFilesAndResumesAfterACrashToTheSameNumbers() throws IOException {
        TrainingResult full = Services.training().train(TrainRequest.of(SMOKE, sets(tmp.resolve("a"))));
        Path run = full.runDir();
        assertThat(full.epochsRun()).isEqualTo(3);
        assertThat(full.trainExamples() + full.valExamples()).isEqualTo(23);
        List<JsonNode> metrics = RunFiles.metrics(run);
        assertThat(metrics).hasSize(3);
        // 18 training pairs at batch 4 (the pair with the truncated JPEG is skipped where it falls)
        List<JsonNode> iterations = RunFiles.iterations(run);
        assertThat(iterations).hasSize(3 * 5);
        assertThat(metrics.get(2).get("iteration").asInt()).isEqualTo(15);
        assertThat(metrics.get(0).at("/lr/encoder").asDouble()).isEqualTo(1e-3);
        assertThat(metrics.get(0).at("/lr/head").asDouble()).isEqualTo(3e-3);
        long confusion = 0;
        for (JsonNode row : metrics.get(0).at("/val/confusion")) {
            for (JsonNode v : row) {
                confusion += v.asLong();
            }
        }
        assertThat(confusion).as("evaluated validation pairs").isBetween(full.valExamples() - 1L, (long) full.valExamples());
        assertThat(run.resolve(TrainingReport.TEXT_FILE)).content().contains("weighted F1");
        assertThat(new Checkpoints(run, 10).epochs()).containsExactly(0, 1, 2);
        Path model = run.resolve(TrainingService.MODEL_DIR);
        assertThat(model.resolve(FineTuneModelFiles.MODEL_FILE)).content().contains(FineTuneModelFiles.FORMAT);
        assertThat(model.resolve(FineTuneModelFiles.PARAMETERS_FILE)).isRegularFile();
        JsonNode provenance = Json.read(run.resolve("provenance.json"), JsonNode.class);
        assertThat(provenance.at("/training/mode").asText()).isEqualTo("finetune");
        assertThat(provenance.at("/finetune/trained_encoders").asText()).isEqualTo("both");
        assertThat(provenance.at("/finetune/encoder_parameters").asLong()).isPositive();
        assertThat(provenance.at("/encoders/text/verification/max_abs_diff").asDouble()).isLessThan(1e-4);
        assertThat(provenance.at("/encoders/image/verification/max_abs_diff").asDouble()).isLessThan(1e-3);
        assertThat(provenance.at("/skipped_pairs").fieldNames()).toIterable().containsExactly("23");
        assertThat(provenance.at("/dataset/sha256").asText()).hasSize(64);
        // the best model is the best checkpoint's
        assertThat(Files.readAllBytes(model.resolve(FineTuneModelFiles.PARAMETERS_FILE))).isEqualTo(Files.readAllBytes(
                Checkpoints.folder(run.resolve(Checkpoints.DIR), full.bestEpoch()).resolve(FineTuneModelFiles.PARAMETERS_FILE)));

        // a crash after epoch 0's checkpoint: later checkpoints gone, later lines still there, one cut in half
        Path copy = tmp.resolve("b").resolve(run.getFileName());
        RunFiles.copyTree(run, copy);
        AtomicFiles.deleteTree(Checkpoints.folder(copy.resolve(Checkpoints.DIR), 1));
        AtomicFiles.deleteTree(Checkpoints.folder(copy.resolve(Checkpoints.DIR), 2));
        AtomicFiles.deleteTree(copy.resolve(TrainingService.MODEL_DIR));
        Files.delete(copy.resolve(TrainingReport.JSON_FILE));
        Files.writeString(copy.resolve(MetricsWriter.METRICS_FILE), "{\"epoch\":2,\"it", StandardOpenOption.APPEND);
        TrainingResult resumed = Services.training().train(TrainRequest.resume(copy));

        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.epochsRun()).isEqualTo(3);
        assertThat(RunFiles.metrics(copy)).isEqualTo(metrics);
        assertThat(RunFiles.iterations(copy)).isEqualTo(iterations);
        assertThat(resumed.val()).isEqualTo(full.val());
        assertThat(Files.readAllBytes(copy.resolve(TrainingService.MODEL_DIR).resolve(FineTuneModelFiles.PARAMETERS_FILE)))
                .isEqualTo(Files.readAllBytes(model.resolve(FineTuneModelFiles.PARAMETERS_FILE)));
    }

    @Test
    void aFixedCnnsFeaturesComeFromTheCacheWithTheNumbersOfRunningIt() {
        // training.finetune: text. Runs the same configuration twice: once reading the CNN's features from the
        // cache (what users get), once running the CNN on each batch's decoded images
        JsonNode provenance = cacheAndForwardAgree("text", "frozen_image_features");
        // the same pairs in the same batches: the unreadable image (pair 23) is left out where decoding left it out
        assertThat(provenance.at("/skipped_pairs").fieldNames()).toIterable().containsExactly("23");
    }

    @Test
    void aFixedTextEncodersFeaturesComeFromTheCacheWithTheNumbersOfRunningIt() {
        // training.finetune: image, the mirror case: MiniLM's token states and pooled vector from the cache
        // cmac reads the token states (ote reads only the pooled vector): their layout and padding are compared too
        JsonNode provenance = cacheAndForwardAgree("image", "frozen_text_features", "fusion.head=cmac");
        assertThat(provenance.at("/features/frozen_text_features/pooling").asText()).isEqualTo("mean");
    }

    /**
     * Trains {@code training.finetune=trained} twice, the fixed encoder's features read from the cache and computed
     * on every batch: the same batches, losses within 1e-4 at every step, the same validation accuracy.
     */
    private JsonNode cacheAndForwardAgree(String trained, String section, String... more) {
        List<String> common = new ArrayList<>(List.of("training.finetune=" + trained, "training.epochs=2",
                "image.resize=stretch", "image.size=16"));
        common.addAll(List.of(more));
        TrainingResult cached = Services.training().train(TrainRequest.of(SMOKE,
                sets(tmp.resolve("cached"), common.toArray(String[]::new))));
        TrainingService encoding = new TrainingService(TrainingModes.of(new FrozenMode(Services.featureSources()),
                new FineTuneMode(false)), List.of(), Clock.systemUTC());
        TrainingResult run = encoding.train(TrainRequest.of(SMOKE,
                sets(tmp.resolve("encoded"), common.toArray(String[]::new))));

        JsonNode provenance = Json.read(cached.runDir().resolve("provenance.json"), JsonNode.class);
        assertThat(provenance.at("/features/" + section + "/dim").asInt()).isPositive();
        assertThat(Json.read(run.runDir().resolve("provenance.json"), JsonNode.class)
                .at("/features/" + section).isMissingNode()).isTrue();
        List<JsonNode> a = RunFiles.iterations(cached.runDir());
        List<JsonNode> b = RunFiles.iterations(run.runDir());
        assertThat(a).hasSameSizeAs(b).hasSize(2 * 5);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).get("batch").asInt()).isEqualTo(b.get(i).get("batch").asInt());
            assertThat(a.get(i).get("loss").asDouble()).as("loss of step " + i)
                    .isCloseTo(b.get(i).get("loss").asDouble(), within(1e-4));
        }
        assertThat(cached.val().accuracy()).isEqualTo(run.val().accuracy());
        assertThat(cached.val().loss()).isCloseTo(run.val().loss(), within(1e-4));
        return provenance;
    }

    @Test
    void badFineTuneSettingsAreUserErrors() {
        assertThatThrownBy(() -> Services.training().train(TrainRequest.of(SMOKE,
                sets(tmp, "training.encoder_lr=0")))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("training.encoder_lr must be positive in finetune mode, got 0.0");
        assertThatThrownBy(() -> Services.training().train(TrainRequest.of(SMOKE,
                sets(tmp, "text.max_length=1")))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("text.max_length must be at least 2");
        assertThatThrownBy(() -> Services.training().train(TrainRequest.of(SMOKE,
                sets(tmp, "training.finetune=all")))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("training.finetune");
        assertThatThrownBy(() -> Services.training().train(TrainRequest.of(SMOKE,
                sets(tmp, "training.eval_batch_size=256")))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("training.eval_batch_size is 256 but finetune mode");
        // the fixture's pair 23 has a truncated JPEG: under the fail policy the run stops, naming it
        assertThatThrownBy(() -> Services.training().train(TrainRequest.of(SMOKE,
                sets(tmp, "data.item_policy=fail", "training.epochs=1")))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("23.jpg").hasMessageContaining("truncated JPEG");
    }

}
