package io.sentifuse.encoder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.encoder.TinyCnn;
import io.sentifuse.files.Json;
import io.sentifuse.system.LoadedNd4jBinary;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wiring of {@code bench image} (timings are figures, not assertions). */
class BenchImageCommandTest {

    @Test
    void reportsBothEnginesOnTheSameImages(@TempDir Path dir) throws Exception {
        Path model = TinyCnn.write(dir.resolve("tiny.onnx"), 2, null);
        CliRunner.Result r = CliRunner.run("bench", "image", "--model", model.toString(), "--batch", "4", "--warmup", "1",
                "--iterations", "3", "--threads", "1", "--profile", "2", "--cache-dir", dir.resolve("cache").toString(),
                "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        JsonNode profile = json.get("profile");
        assertThat(profile.get("passes").asInt()).isEqualTo(2);
        assertThat(profile.get("ops_per_pass").asLong()).isPositive();
        assertThat(profile.get("ops").findValuesAsText("op")).as("the CNN's convolutions were seen").contains("conv2d");
        assertThat(json.get("samediff_ms")).hasSize(3);
        assertThat(json.get("ort_ms")).hasSize(3);
        assertThat(json.get("ratio").asDouble())
                .isEqualTo(json.get("samediff_median_ms").asDouble() / json.get("ort_median_ms").asDouble());
        double total = 0;
        for (JsonNode ms : json.get("samediff_ms")) {
            total += ms.asDouble();
        }
        assertThat(json.get("samediff_images_per_second").asDouble()).isCloseTo(4 * 3 / (total / 1000),
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(json.get("max_abs_diff").asDouble()).isLessThan(1e-4);
        assertThat(json.get("binary").asText()).isEqualTo(LoadedNd4jBinary.read().name()).isNotEqualTo("unknown");
        assertThat(json.get("pooled_dim").asInt()).isEqualTo(TinyCnn.CHANNELS);
        assertThat(json.get("regions").asInt()).isEqualTo(64);
        CliRunner.Result plain = CliRunner.run("bench", "image", "--model", model.toString(), "--batch", "4",
                "--warmup", "0", "--iterations", "1", "--cache-dir", dir.resolve("cache").toString());
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(plain.out()).contains("SameDiff").doesNotContain("profile of");
    }

    @Test
    void badSettingsAreUsageErrors() {
        CliRunner.Result r = CliRunner.run("bench", "image", "--batch", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--batch, --threads and --iterations must be at least 1");
    }
}
