package io.sentifuse.features.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.data.CheckedDataset;
import io.sentifuse.data.Pair;
import io.sentifuse.encoder.TextPreset;
import io.sentifuse.encoder.TokenTensors;
import io.sentifuse.encoder.verify.OrtRunner;
import io.sentifuse.features.FeatureBatch;
import io.sentifuse.features.FeatureKind;
import io.sentifuse.features.FeatureSet;
import io.sentifuse.files.Json;
import io.sentifuse.text.Encoding;
import io.sentifuse.text.Tokenizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Regression for the 12-layer text presets from their Maven jars (bge-small-en-v1.5, e5-small-v2): each imports by
 * its preset name through the translator and verifies against ONNX Runtime, trains a head on the committed
 * fixture from frozen features, and the pooled vector the head reads is the authors' pooling (bge: [CLS], e5: mean
 * over "query: " + text) of ONNX Runtime's token states. One test for both presets, sharing target/test-cache
 * with the other fixture tests: a cold run translates and verifies two 12-layer graphs (about 45 s each on 2
 * cores); a warm one loads them.
 */
class TextPresetsFixtureTest {

    private static final String CACHE_DIR = "target/test-cache";
    private static final String FIXTURE = "experiments/smoke/fixture.yaml";

    @Test
    void bgeAndE5ImportVerifyAndTrainOnTheFixture(@TempDir Path tmp) throws Exception {
        int trainExamples = 0;
        for (TextPreset preset : List.of(TextPreset.BGE_SMALL_EN_V15, TextPreset.E5_SMALL_V2)) {
            String name = preset.presetName();
            Path out = tmp.resolve(name + ".sd");
            CliRunner.Result imported = CliRunner.run("import", name, "--kind", "text", "--out", out.toString(),
                    "--cache-dir", CACHE_DIR, "--json");
            assertThat(imported.exitCode()).as(imported.err()).isZero();
            JsonNode i = Json.mapper().readTree(imported.out());
            assertThat(i.get("model").asText()).isEqualTo("classpath:/" + name + ".onnx");
            assertThat(i.get("verified").asBoolean()).isTrue();
            assertThat(i.get("max_abs_diff").asDouble()).as(name).isPositive().isLessThanOrEqualTo(1e-4);
            assertThat(i.get("vocabulary").asInt()).isEqualTo(30522);
            assertThat(i.get("tokenizer").asText()).endsWith(name + "-tokenizer.json");
            // 33M float parameters: twice MiniLM's layers, the same width
            assertThat(Files.size(out)).isGreaterThan(130_000_000L);
            Files.delete(out);

            CliRunner.Result trained = CliRunner.run("train", FIXTURE, "--set", "output.cache_dir=" + CACHE_DIR,
                    "--set", "text.model=" + name, "--set", "fusion.head=naive-cat", "--set", "training.epochs=2",
                    "--set", "output.runs_dir=" + tmp, "--json");
            assertThat(trained.exitCode()).as(trained.err()).isZero();
            List<String> lines = trained.out().strip().lines().toList();
            JsonNode t = Json.mapper().readTree(lines.get(lines.size() - 1));
            assertThat(t.get("epochs_run").asInt()).isEqualTo(2);
            assertThat(t.at("/val/accuracy").asDouble()).isBetween(0.0, 1.0);
            trainExamples = t.get("train_examples").asInt();
            JsonNode prov = Json.mapper().readTree(Path.of(t.get("run_dir").asText(), "provenance.json").toFile());
            assertThat(prov.at("/text_features/model").asText()).isEqualTo("classpath:/" + name + ".onnx");
            assertThat(prov.at("/text_features/dim").asInt()).isEqualTo(384);
            assertThat(prov.at("/text_features/pooling").asText()).isEqualTo(preset.pooling().name().toLowerCase());
            assertThat(prov.at("/text_features/prefix").asText()).isEqualTo(preset.prefix());
            assertThat(prov.at("/text_features/verification/verified").asBoolean()).isTrue();

            assertPooledIsTheAuthorsPoolingOfOrt(preset);
        }
        // resolving the text model is the text features' business: an image-only run never opens it
        ExperimentConfig imageOnly = ConfigLoader.load(Path.of(FIXTURE), List.of("output.cache_dir=" + CACHE_DIR,
                "text.model=missing/model.onnx", "fusion.head=image-only"));
        assertThat(new CacheFeatureProvider().load(imageOnly, Set.of(FeatureKind.IMAGE_POOLED)).train().size())
                .isEqualTo(trainExamples).isPositive();
    }

    /** Two fixture texts: the stored pooled vector against ONNX Runtime on the preset's own tokens. */
    private static void assertPooledIsTheAuthorsPoolingOfOrt(TextPreset preset) {
        ExperimentConfig config = ConfigLoader.load(Path.of(FIXTURE), List.of("output.cache_dir=" + CACHE_DIR,
                "text.model=" + preset.presetName(), "fusion.head=text-only"));
        FeatureSet train = new CacheFeatureProvider().load(config, Set.of(FeatureKind.TEXT_POOLED)).train();
        Map<String, Pair> pairs = CheckedDataset.read(config.data()).dataset().byId();
        var tokenizer = Tokenizers.load(preset.tokenizerFile(Path.of(CACHE_DIR)));
        try (OrtRunner ort = new OrtRunner(preset.source().bytes(), preset.presetName(), 2);
             FeatureBatch batch = train.batch(new int[] {0, 1}, Set.of(FeatureKind.TEXT_POOLED, FeatureKind.TEXT_TOKENS))) {
            for (int k = 0; k < 2; k++) {
                String text = pairs.get(train.id(k)).text();
                Encoding e = tokenizer.encode(preset.prefix() + text, config.text().maxLength());
                TokenTensors tokens = TokenTensors.pad(List.of(e), tokenizer.padId());
                INDArray states = ort.run(Map.of("input_ids", tokens.ids(), "attention_mask", tokens.mask(),
                        "token_type_ids", tokens.types())).get("last_hidden_state");
                INDArray expected = preset == TextPreset.BGE_SMALL_EN_V15
                        ? states.get(NDArrayIndex.point(0), NDArrayIndex.point(0), NDArrayIndex.all())
                        : states.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all()).mean(0);
                INDArray actual = batch.textPooled().getRow(k);
                assertThat(actual.sub(expected.reshape(actual.shape())).amaxNumber().doubleValue())
                        .as("%s, pair %s", preset.presetName(), train.id(k)).isLessThan(1e-4);
                // the tokens the store holds are the prefixed text's (e5: "query", ":" first)
                assertThat(batch.textMask().getRow(k).sumNumber().intValue()).isEqualTo(e.length());
            }
        }
    }
}
