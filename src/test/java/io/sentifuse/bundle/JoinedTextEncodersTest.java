package io.sentifuse.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.features.FeatureBatch;
import io.sentifuse.features.FeatureKind;
import io.sentifuse.features.FeatureSet;
import io.sentifuse.features.store.CacheFeatureProvider;
import io.sentifuse.files.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code text.extra_models}: two text encoders in one head. The head's pooled text input is text.model's vector
 * followed by each extra encoder's (each pooled its own way), read from the same stores single-encoder runs fill;
 * exported, the bundle (format version 4) joins the encoders the same way and {@code predict} gives the trained
 * model's probabilities; heads that read token states and fine-tuning refuse extra encoders by name. MiniLM with
 * [CLS] pooling joined to MiniLM with its own mean pooling: two distinct vectors from one translated graph.
 */
class JoinedTextEncodersTest {

    private static final String CLS_MAIN = "text.pooling=cls";
    private static final String EXTRA = "text.extra_models=[all-minilm-l6-v2]";

    @TempDir
    Path tmp;

    @Test
    void theHeadReadsBothPooledVectorsAndItsBundlePredictsAsTrained() throws Exception {
        Path run = train("fusion.head=naive-combine", CLS_MAIN, EXTRA);
        JsonNode provenance = Json.read(run.resolve("provenance.json"), JsonNode.class);
        assertThat(provenance.at("/text_features/pooling").asText()).isEqualTo("cls");
        assertThat(provenance.at("/text_features/extra_models/0/pooling").asText()).isEqualTo("mean");
        assertThat(provenance.at("/text_features/extra_models/0/key").asText())
                .as("the extra encoder reads the store a mean-pooled MiniLM run reads")
                .isEqualTo(provenance.at("/text_features/key").asText());

        FeatureSet joined = validation(run, List.of());
        FeatureSet cls = validation(run, List.of("text.extra_models=[]"));
        FeatureSet mean = validation(run, List.of("text.extra_models=[]", "text.pooling=mean"));
        assertThat(joined.dims().textDim()).isEqualTo(2 * cls.dims().textDim());
        assertThat(joined.kinds()).contains(FeatureKind.TEXT_POOLED).doesNotContain(FeatureKind.TEXT_TOKENS);
        Set<FeatureKind> pooled = Set.of(FeatureKind.TEXT_POOLED);
        int[] all = java.util.stream.IntStream.range(0, joined.size()).toArray();
        try (FeatureBatch j = joined.batch(all, pooled);
             FeatureBatch c = cls.batch(all, pooled);
             FeatureBatch m = mean.batch(all, pooled)) {
            int d = cls.dims().textDim();
            float[][] jv = j.textPooled().toFloatMatrix();
            float[][] cv = c.textPooled().toFloatMatrix();
            float[][] mv = m.textPooled().toFloatMatrix();
            assertThat(cv[0]).isNotEqualTo(mv[0]);
            for (int i = 0; i < jv.length; i++) {
                assertThat(java.util.Arrays.copyOfRange(jv[i], 0, d)).as("pair %d, text.model's [CLS]", i)
                        .isEqualTo(cv[i]);
                assertThat(java.util.Arrays.copyOfRange(jv[i], d, 2 * d)).as("pair %d, the extra's mean", i)
                        .isEqualTo(mv[i]);
            }
        }

        Path bundle = tmp.resolve("joined.zip");
        CliRunner.Result export = CliRunner.run("export", run.toString(), "--out", bundle.toString(), "--json");
        assertThat(export.exitCode()).as(export.err()).isZero();
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            JsonNode manifest = Json.mapper().readTree(zip.getInputStream(zip.getEntry(BundleFiles.MANIFEST)));
            assertThat(manifest.get("format_version").asInt()).isEqualTo(BundleFiles.EXTRA_TEXT_VERSION);
            assertThat(manifest.at("/text/settings/pooling").asText()).isEqualTo("CLS");
            assertThat(manifest.at("/text/extra/0/graph").asText()).isEqualTo("text/extra/0/graph.sd");
            assertThat(manifest.at("/text/extra/0/settings/pooling").asText()).isEqualTo("MEAN");
            assertThat(zip.getEntry("text/extra/0/graph.sd")).isNotNull();
        }
        Map<String, float[]> expected = EnsembleBundleTest.predictions(run, true);
        EnsembleBundleTest.assertPredicts(bundle, expected);
    }

    @Test
    void headsThatReadTokenStatesAndFineTuningRefuseExtraEncoders() {
        CliRunner.Result cmac = CliRunner.run("train", "experiments/smoke/fixture.yaml", "--set",
                BundleRoundTripTest.CACHE, "--set", "output.runs_dir=" + tmp.resolve("runs"), "--set",
                "fusion.head=cmac", "--set", EXTRA);
        assertThat(cmac.exitCode()).isEqualTo(2);
        assertThat(cmac.err()).contains("text.extra_models: head cmac reads token states")
                .contains("naive-combine");
        CliRunner.Result finetune = CliRunner.run("train", "experiments/smoke/finetune.yaml", "--set",
                BundleRoundTripTest.CACHE, "--set", "output.runs_dir=" + tmp.resolve("runs"), "--set", EXTRA);
        assertThat(finetune.exitCode()).isEqualTo(2);
        assertThat(finetune.err()).contains("text.extra_models is for frozen-feature training");
        CliRunner.Result unknown = CliRunner.run("train", "experiments/smoke/fixture.yaml", "--set",
                BundleRoundTripTest.CACHE, "--set", "output.runs_dir=" + tmp.resolve("runs"), "--set",
                "fusion.head=naive-combine", "--set", "text.extra_models=[bge-small]");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("text.extra_models[0]").contains("bge-small-en-v1.5");
        assertThat(tmp.resolve("runs")).doesNotExist();
    }

    private Path train(String... sets) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("training.epochs=2"));
        all.addAll(List.of(sets));
        return BundleRoundTripTest.train(tmp.resolve("runs"), "experiments/smoke/fixture.yaml",
                all.toArray(String[]::new));
    }

    /** The validation part of {@code run}'s data under its settings with {@code sets} applied. */
    private static FeatureSet validation(Path run, List<String> sets) {
        ExperimentConfig config = ConfigLoader.load(run.resolve("config.yaml"), sets);
        return new CacheFeatureProvider().load(config, Set.of(FeatureKind.TEXT_POOLED)).validation();
    }
}
