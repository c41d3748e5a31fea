package io.sentifuse.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.app.Services;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.eval.Evaluation;
import io.sentifuse.features.FeatureBatches;
import io.sentifuse.features.FeatureSplits;
import io.sentifuse.features.store.CacheFeatureProvider;
import io.sentifuse.files.Json;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.train.TrainRequest;
import io.sentifuse.train.TrainingMode;
import io.sentifuse.train.TrainingResult;
import io.sentifuse.train.TrainingService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code training.warm_start}: before its first step, a fine-tuning model warm-started from a frozen-feature run
 * predicts what that run's model predicts on the same validation pairs (encoders untouched yet, so the head sees the
 * features the cache holds); a standardised or different head is refused, naming the run.
 */
class WarmStartTest {

    private static final Path SMOKE = Path.of("experiments/smoke/finetune.yaml");

    @TempDir
    Path tmp;

    private List<String> sets(String... more) {
        List<String> out = new ArrayList<>(TinyEncoders.sets("output.runs_dir=" + tmp.resolve("runs"),
                "training.epochs=3", "training.batch_size=4", "training.eval_batch_size=8", "seed=11",
                "training.lr=3e-3", "image.resize=stretch", "image.size=16"));
        out.addAll(List.of(more));
        return out;
    }

    @Test
    void aWarmStartedHeadPredictsWhatItsFrozenRunPredicted() {
        TrainingResult frozen = Services.training().train(TrainRequest.of(SMOKE,
                sets("training.mode=frozen", "fusion.standardize=false")));
        ExperimentConfig frozenConfig = ConfigLoader.load(frozen.runDir().resolve("config.yaml"), List.of());
        FusionModel head = FusionModel.load(frozen.runDir().resolve(TrainingService.MODEL_DIR));
        FeatureSplits splits = new CacheFeatureProvider().load(frozenConfig, head.inputs());
        Evaluation expected = Evaluation.of(head, new FeatureBatches(splits.validation(), head.inputs(), Seeds.of(0)),
                8);

        ExperimentConfig tuned = ConfigLoader.load(SMOKE, sets("training.warm_start=" + frozen.runDir()));
        TrainingMode.Prepared<?> prepared = new FineTuneMode().prepare(tuned, Optional.empty());
        Evaluation actual = evaluate(prepared);
        Map<String, float[]> byId = new HashMap<>();
        for (int i = 0; i < actual.ids().size(); i++) {
            byId.put(actual.ids().get(i), actual.probabilities()[i]);
        }
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(expected.ids());
        for (int i = 0; i < expected.ids().size(); i++) {
            float[] p = byId.get(expected.ids().get(i));
            for (int c = 0; c < 3; c++) {
                assertThat(p[c]).as(expected.ids().get(i)).isCloseTo(expected.probabilities()[i][c], within(1e-4f));
            }
        }
        // from scratch the same head predicts something else: the comparison above can fail
        Evaluation scratch = evaluate(new FineTuneMode().prepare(ConfigLoader.load(SMOKE, sets()), Optional.empty()));
        double worst = 0;
        for (int i = 0; i < scratch.ids().size(); i++) {
            float[] p = byId.get(scratch.ids().get(i));
            for (int c = 0; c < 3; c++) {
                worst = Math.max(worst, Math.abs(p[c] - scratch.probabilities()[i][c]));
            }
        }
        assertThat(worst).isGreaterThan(1e-3);

        TrainingResult run = Services.training().train(TrainRequest.of(SMOKE,
                sets("training.warm_start=" + frozen.runDir(), "training.epochs=1")));
        JsonNode provenance = Json.read(run.runDir().resolve("provenance.json"), JsonNode.class);
        assertThat(provenance.at("/finetune/warm_start/run_dir").asText()).isEqualTo(frozen.runDir().toString());
        assertThat(provenance.at("/finetune/warm_start/head_parameters").asInt()).isEqualTo(head.parameterSpecs().size());
    }

    @Test
    void aStandardisedOrOtherHeadIsRefused() {
        TrainingResult standardised = Services.training().train(TrainRequest.of(SMOKE,
                sets("training.mode=frozen", "training.epochs=1")));
        assertThatThrownBy(() -> Services.training().train(TrainRequest.of(SMOKE,
                sets("training.warm_start=" + standardised.runDir())))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("training.warm_start: " + standardised.runDir() + " standardised its features");
        assertThatThrownBy(() -> Services.training().train(TrainRequest.of(SMOKE,
                sets("training.warm_start=" + standardised.runDir(), "fusion.head=naive-cat"))))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("trained head ote, this run trains naive-cat");
        assertThatThrownBy(() -> Services.training().train(TrainRequest.of(SMOKE,
                sets("training.warm_start=" + tmp.resolve("nowhere"))))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("has no frozen-feature model");
    }

    private static <B extends io.sentifuse.model.LabelledBatch> Evaluation evaluate(TrainingMode.Prepared<B> p) {
        try (var data = p.data()) {
            return Evaluation.of(p.model(), data.validation(), 8);
        }
    }
}
