package io.sentifuse.encoder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.encoder.onnx.OnnxTranslator;
import io.sentifuse.files.Json;
import org.junit.jupiter.api.Test;

/**
 * {@code bench ops}: the op census of MiniLM with and without the translator's rewrites has the counts its
 * architecture implies (13 layer norms: the embeddings' and two per layer of 6, each replacing a decomposed
 * mean / variance chain), the matrix products are untouched, and the changes are listed largest first; on the ResNet-18
 * fixture with BatchNorm the rewrite keeps every convolution and removes ops.
 */
class BenchOpsCommandTest {

    @Test
    void layerNormFusionReplacesEachDecomposedNormAndLeavesTheProductsAlone() throws Exception {
        CliRunner.Result r = CliRunner.run("bench", "ops", "--text", "all-minilm-l6-v2", "--image", "resnet18-bn",
                "--cache-dir", "target/test-cache", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode census = Json.mapper().readTree(r.out());
        assertThat(census.get("translator").asInt()).isEqualTo(OnnxTranslator.VERSION);
        JsonNode models = census.get("models");
        JsonNode minilm = models.get(0);
        assertThat(minilm.get("model").asText()).isEqualTo("all-minilm-l6-v2");
        assertThat(minilm.at("/plain/layer_norm").isMissingNode()).isTrue();
        assertThat(minilm.at("/rewritten/layer_norm").asInt()).isEqualTo(13);
        assertThat(minilm.at("/plain/reduce_mean").asInt()).isEqualTo(26);
        assertThat(minilm.at("/rewritten/reduce_mean").isMissingNode()).isTrue();
        assertThat(minilm.at("/rewritten/matmul").asInt()).isEqualTo(minilm.at("/plain/matmul").asInt()).isEqualTo(48);
        assertThat(minilm.get("ops_plain").asInt()).isEqualTo(816);
        assertThat(minilm.get("ops_rewritten").asInt()).isEqualTo(454);
        assertThat(minilm.get("changes").get(0).asText()).isEqualTo("reshape 145->85");
        // translator 10: a layer's query, key and value products flatten their shared input and read its shape once
        assertThat(minilm.at("/rewritten/shape_of").asInt()).isEqualTo(50);
        // translator 9: the 24 head splits and merges reshape to constant targets with copies (ReshapeCopyRewrite)
        assertThat(minilm.at("/rewritten/equals_scalar").isMissingNode()).isTrue();
        assertThat(minilm.at("/plain/equals_scalar").asInt()).isEqualTo(24);
        // translator 6 emits no cast to a variable's own type: of MiniLM's 143 casts (138 of them int64 -> int64 on
        // shapes), 4 change a type; the others were copies
        assertThat(minilm.at("/rewritten/cast").asInt()).isEqualTo(4);
        assertThat(minilm.at("/plain/cast").asInt()).isEqualTo(4);
        JsonNode resnet = models.get(1);
        assertThat(resnet.at("/rewritten/conv2d").asInt()).isEqualTo(resnet.at("/plain/conv2d").asInt()).isEqualTo(20);
        assertThat(resnet.get("ops_rewritten").asInt()).isLessThan(resnet.get("ops_plain").asInt());

        CliRunner.Result bad = CliRunner.run("bench", "ops", "--text", "no-such-model", "--image", "");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("no-such-model");
    }
}
