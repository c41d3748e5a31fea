package io.sentifuse.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.FeatureBatch;
import io.sentifuse.features.FeatureKind;
import io.sentifuse.features.FeatureSet;
import io.sentifuse.features.FeatureSplits;
import io.sentifuse.features.store.CacheFeatureProvider;
import io.sentifuse.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code text.extra_models}: two text encoders in one head. all-MiniLM-L6-v2 (mean pooling, no prefix) joined by
 * bge-small-en-v1.5 (its own tokenizer and [CLS] pooling; its graph is shared with TextPresetsFixtureTest through
 * target/test-cache). The head's pooled text input is MiniLM's vector followed by bge's, read from the stores
 * single-encoder runs fill; the bundle (format version 4) joins the encoders the same way, alone and as an
 * ensemble member, and {@code predict} gives the trained models' probabilities; a bundle naming joined encoders
 * below version 4 is refused; heads that read token states, fine-tuning and unusable models are refused by key.
 */
class JoinedTextEncodersTest {

    private static final String EXTRA = "text.extra_models=[bge-small-en-v1.5]";

    @TempDir
    Path tmp;

    @Test
    void theHeadReadsBothPooledVectorsAndItsBundlesPredictAsTrained() throws Exception {
        Path run = train("fusion.head=naive-combine", EXTRA);
        JsonNode provenance = Json.read(run.resolve("provenance.json"), JsonNode.class);
        assertThat(provenance.at("/text_features/pooling").asText()).isEqualTo("mean");
        assertThat(provenance.at("/text_features/extra_models/0/pooling").asText()).isEqualTo("cls");

        FeatureSplits bge = splits(run, List.of("text.extra_models=[]", "text.model=bge-small-en-v1.5"));
        assertThat(provenance.at("/text_features/extra_models/0/key").asText())
                .as("the extra encoder reads the store a bge run reads")
                .isEqualTo(((Map<?, ?>) bge.provenance().get("text_features")).get("key"));
        FeatureSet joined = splits(run, List.of()).validation();
        FeatureSet miniLm = splits(run, List.of("text.extra_models=[]")).validation();
        int d = miniLm.dims().textDim();
        assertThat(joined.dims().textDim()).isEqualTo(d + bge.validation().dims().textDim());
        assertThat(joined.kinds()).contains(FeatureKind.TEXT_POOLED).doesNotContain(FeatureKind.TEXT_TOKENS);
        Set<FeatureKind> pooled = Set.of(FeatureKind.TEXT_POOLED);
        int[] all = IntStream.range(0, joined.size()).toArray();
        try (FeatureBatch j = joined.batch(all, pooled); FeatureBatch m = miniLm.batch(all, pooled);
             FeatureBatch b = bge.validation().batch(all, pooled)) {
            float[][] jv = j.textPooled().toFloatMatrix();
            float[][] mv = m.textPooled().toFloatMatrix();
            float[][] bv = b.textPooled().toFloatMatrix();
            for (int i = 0; i < jv.length; i++) {
                assertThat(Arrays.copyOfRange(jv[i], 0, d)).as("pair %d, MiniLM's mean", i).isEqualTo(mv[i]);
                assertThat(Arrays.copyOfRange(jv[i], d, jv[i].length)).as("pair %d, bge's [CLS]", i).isEqualTo(bv[i]);
            }
        }

        Path bundle = tmp.resolve("joined.zip");
        export(bundle, run);
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            JsonNode manifest = manifest(zip);
            assertThat(manifest.get("format_version").asInt()).isEqualTo(BundleFiles.ENCODER_OPTIONS_VERSION);
            assertThat(manifest.at("/text/settings/pooling").asText()).isEqualTo("MEAN");
            assertThat(manifest.at("/text/extra/0/graph").asText()).isEqualTo("text/extra/0/graph.sd");
            assertThat(manifest.at("/text/extra/0/settings/pooling").asText()).isEqualTo("CLS");
            assertThat(manifest.at("/text/extra/0/tokenizer").asText()).startsWith("text/extra/0/")
                    .isNotEqualTo(manifest.at("/text/tokenizer").asText());
            assertThat(manifest.at("/image/settings").has("layer")).as("unused options stay out").isFalse();
        }
        Map<String, float[]> joinedAll = EnsembleBundleTest.predictions(run, true);
        EnsembleBundleTest.assertPredicts(bundle, joinedAll);
        Path older = BundleFilesTest.rewrite(tmp, bundle, null, null, BundleFiles.SINGLE_VERSION);
        assertThatThrownBy(() -> BundleFiles.extract(older, tmp.resolve("older")))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("the text encoder joins classpath:/bge-small-en-v1.5.onnx, which needs format version "
                        + BundleFiles.ENCODER_OPTIONS_VERSION);

        // an ensemble of a plain run (first: the bundle's own text encoder, without the new options) and the joined
        // run (its own text encoder, joined by bge)
        Path plain = train("fusion.head=naive-cat");
        Path ensemble = tmp.resolve("ensemble.zip");
        export(ensemble, plain, run);
        try (ZipFile zip = new ZipFile(ensemble.toFile())) {
            JsonNode manifest = manifest(zip);
            assertThat(manifest.get("format_version").asInt()).isEqualTo(BundleFiles.ENCODER_OPTIONS_VERSION);
            assertThat(manifest.at("/text/settings").has("extraModels")).isFalse();
            assertThat(manifest.at("/text/extra").isMissingNode()).isTrue();
            assertThat(manifest.at("/members/1/text/extra/0/graph").asText()).isEqualTo("texts/1/extra/0/graph.sd");
        }
        Map<String, float[]> plainAll = EnsembleBundleTest.predictions(plain, true);
        Map<String, float[]> mean = new HashMap<>();
        plainAll.forEach((id, a) -> {
            float[] b = joinedAll.get(id);
            mean.put(id, new float[] {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2});
        });
        EnsembleBundleTest.assertPredicts(ensemble, mean);
    }

    @Test
    void headsThatReadTokenStatesFineTuningAndUnusableModelsAreRefusedByKey() throws Exception {
        refused("text.extra_models: head cmac reads token states", "experiments/smoke/fixture.yaml",
                "fusion.head=cmac", EXTRA);
        refused("text.extra_models is for frozen-feature training", "experiments/smoke/finetune.yaml", EXTRA);
        refused("text.extra_models[0]: unknown text model preset 'bge-small'", "experiments/smoke/fixture.yaml",
                "fusion.head=naive-combine", "text.extra_models=[bge-small]");
        refused("text.extra_models[1]: models/absent.onnx is neither a text preset", "experiments/smoke/fixture.yaml",
                "fusion.head=naive-combine", "text.extra_models=[bge-small-en-v1.5, models/absent.onnx]");
        Path lone = Files.write(tmp.resolve("lone.onnx"), new byte[] {1});
        refused("text.extra_models[0]: no tokenizer.json or vocab.txt beside " + lone, "experiments/smoke/fixture.yaml",
                "fusion.head=naive-combine", "text.extra_models=[" + lone + "]");
        assertThat(tmp.resolve("runs")).as("nothing started").doesNotExist();
    }

    private void refused(String message, String experiment, String... sets) {
        List<String> args = new java.util.ArrayList<>(List.of("train", experiment, "--set", BundleRoundTripTest.CACHE,
                "--set", "output.runs_dir=" + tmp.resolve("runs")));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
    }

    private Path train(String... sets) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("training.epochs=2"));
        all.addAll(List.of(sets));
        return BundleRoundTripTest.train(tmp.resolve("runs"), "experiments/smoke/fixture.yaml",
                all.toArray(String[]::new));
    }

    private static void export(Path bundle, Path... runs) {
        List<String> args = new java.util.ArrayList<>(List.of("export"));
        Arrays.stream(runs).forEach(r -> args.add(r.toString()));
        args.addAll(List.of("--out", bundle.toString(), "--json"));
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private static JsonNode manifest(ZipFile zip) throws Exception {
        return Json.mapper().readTree(zip.getInputStream(zip.getEntry(BundleFiles.MANIFEST)));
    }

    /** {@code run}'s data as features under its settings with {@code sets} applied. */
    private static FeatureSplits splits(Path run, List<String> sets) {
        ExperimentConfig config = ConfigLoader.load(run.resolve("config.yaml"), sets);
        return new CacheFeatureProvider().load(config, Set.of(FeatureKind.TEXT_POOLED));
    }
}
