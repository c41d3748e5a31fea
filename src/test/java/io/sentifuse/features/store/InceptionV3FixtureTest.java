package io.sentifuse.features.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code image.model: nsfwjs-inception-v3}, the nsfwjs package's second CNN, selectable by name end to end: it
 * converts from TF.js, translates and verifies against ONNX Runtime at 299 x 299 (NsfwjsModelsTest checks ONNX
 * Runtime's class probabilities against nsfwjs's own), fills a feature store of 2048-d pooled vectors and 8 x 8
 * regions, and a head trains on it. {@code default} and {@code nsfwjs-mobilenet-v2} name one model and one store.
 */
class InceptionV3FixtureTest {

    private static final String CACHE_DIR = "target/test-cache";

    @Test
    void inceptionV3ImportsVerifiesAndTrainsOnTheFixture(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("inception.sd");
        CliRunner.Result imported = CliRunner.run("import", "nsfwjs-inception-v3", "--kind", "image", "--out",
                out.toString(), "--cache-dir", CACHE_DIR, "--json");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        JsonNode i = Json.mapper().readTree(imported.out());
        assertThat(i.get("model").asText()).endsWith("/inception_v3");
        assertThat(i.get("verified").asBoolean()).isTrue();
        assertThat(i.get("max_abs_diff").asDouble()).isPositive().isLessThanOrEqualTo(1e-4);
        assertThat(i.get("pooled_dim").asInt()).isEqualTo(2048);
        assertThat(i.get("regions").asInt()).isEqualTo(64);
        assertThat(Files.size(out)).isGreaterThan(80_000_000L);
        Files.delete(out);

        CliRunner.Result trained = CliRunner.run("train", "experiments/smoke/fixture.yaml", "--set",
                "image.model=nsfwjs-inception-v3", "--set", "fusion.head=image-only", "--set", "training.epochs=3",
                "--set", "output.cache_dir=" + CACHE_DIR, "--set", "output.runs_dir=" + tmp.resolve("runs"), "--json");
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        Path run = Path.of(Json.mapper().readTree(trained.out().lines().reduce((a, b) -> b).orElseThrow())
                .get("run_dir").asText());
        JsonNode provenance = Json.read(run.resolve("provenance.json"), JsonNode.class);
        assertThat(provenance.at("/image_features/dim").asInt()).isEqualTo(2048);
        assertThat(provenance.at("/image_features/regions").asInt()).isEqualTo(64);
        assertThat(provenance.at("/image_features/transform").asText()).contains("size=299");
    }

    @Test
    void defaultAndItsNameAreOneModelAndOneStoreKey() {
        Path cache = Path.of(CACHE_DIR);
        ImageModelChoice byDefault = ImageModelChoice.of(ConfigLoader.defaults(List.of()).image(), cache);
        ImageModelChoice byName = ImageModelChoice.of(ConfigLoader.defaults(List.of("image.model=nsfwjs-mobilenet-v2"))
                .image(), cache);
        ImageModelChoice inception = ImageModelChoice.of(ConfigLoader.defaults(List.of(
                "image.model=nsfwjs-inception-v3")).image(), cache);
        assertThat(byName.identity()).isEqualTo(byDefault.identity());
        // the key frozen stores were filled under before InceptionV3 had a name: unchanged
        assertThat(byDefault.identity().get("model")).isEqualTo("nsfwjs@4.4.0/mobilenet_v2");
        assertThat(inception.identity().get("model")).isEqualTo("nsfwjs@4.4.0/inception_v3");
        assertThat(inception.identity()).isNotEqualTo(byDefault.identity());
        // only a model with depthwise layers names the build's depthwise form in its store key
        assertThat(byDefault.mayHaveDepthwiseLayers()).isTrue();
        assertThat(inception.mayHaveDepthwiseLayers()).isFalse();
    }
}
