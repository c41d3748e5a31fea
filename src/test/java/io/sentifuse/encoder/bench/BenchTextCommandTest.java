package io.sentifuse.encoder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.encoder.TinyBert;
import io.sentifuse.files.Json;
import io.sentifuse.system.LoadedNd4jBinary;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wiring of {@code bench text} (timings are figures, not assertions). */
class BenchTextCommandTest {

    @Test
    void reportsBothEnginesOnTheSameInputs(@TempDir Path dir) throws Exception {
        Path model = TinyBert.write(dir.resolve("tiny.onnx"), 1, 3);
        CliRunner.Result r = CliRunner.run("bench", "text", "--model", model.toString(), "--batch", "2", "--length", "8",
                "--warmup", "1", "--iterations", "3", "--threads", "1", "--cache-dir", dir.resolve("cache").toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("samediff_ms")).hasSize(3);
        assertThat(json.get("ort_ms")).hasSize(3);
        assertThat(json.get("ratio").asDouble()).isEqualTo(json.get("samediff_median_ms").asDouble() / json.get("ort_median_ms").asDouble());
        assertThat(json.get("max_abs_diff").asDouble()).isLessThan(1e-4);
        assertThat(json.get("binary").asText()).isEqualTo(LoadedNd4jBinary.read().name()).isNotEqualTo("unknown");
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertThat(TextBenchmark.median(java.util.List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(TextBenchmark.median(java.util.List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    }
}
