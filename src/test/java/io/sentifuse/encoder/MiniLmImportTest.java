package io.sentifuse.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.encoder.cache.GraphCacheTestAccess;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance: the default text model imports, verifies within 1e-4 of ONNX Runtime, and then loads from the cache. */
class MiniLmImportTest {

    @Test
    void defaultTextModelVerifiesThenLoadsFromTheCache(@TempDir Path dir) throws Exception {
        Path cache = SharedMiniLm.cacheRoot();
        // a cold import of MiniLM (other entries of the shared test cache stay)
        GraphCacheTestAccess.remove(cache, SharedMiniLm.graphs().key(ModelSource.defaultText(),
                ModelKind.TEXT, TranslationOptions.Weights.VARIABLES));
        String[] args = {"import", "--default-text", "--kind", "text", "--out", dir.resolve("minilm.sd").toString(),
                "--cache-dir", cache.toString(), "--json"};
        CliRunner.Result first = CliRunner.run(args);
        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode json = Json.mapper().readTree(first.out());
        assertThat(json.get("verified").asBoolean()).isTrue();
        assertThat(json.get("max_abs_diff").asDouble()).isLessThanOrEqualTo(1e-4);
        assertThat(json.get("cached").asBoolean()).isFalse();
        assertThat(json.get("vocabulary").asInt()).isEqualTo(30522);
        assertThat(json.at("/verification/cases/1/name").asText()).isEqualTo("8x32 padded");

        CliRunner.Result second = CliRunner.run(args);
        JsonNode again = Json.mapper().readTree(second.out());
        assertThat(again.get("cached").asBoolean()).isTrue();
        assertThat(again.get("verified").asBoolean()).isTrue();
        assertThat(Files.size(dir.resolve("minilm.sd"))).isGreaterThan(80_000_000L);
    }
}
