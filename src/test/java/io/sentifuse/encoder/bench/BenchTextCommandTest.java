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
    void profileSplitsAPassIntoItsOpsAndTheTimeBetweenThem(@TempDir Path dir) throws Exception {
        Path model = TinyBert.write(dir.resolve("tiny.onnx"), 1, 3);
        CliRunner.Result r = CliRunner.run("bench", "text", "--model", model.toString(), "--batch", "1", "--length", "8",
                "--warmup", "1", "--iterations", "2", "--threads", "1", "--profile", "4", "--cache-dir",
                dir.resolve("cache").toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode p = Json.mapper().readTree(r.out()).get("profile");
        assertThat(p.get("passes").asInt()).isEqualTo(4);
        long ops = 0;
        double share = 0;
        double inside = 0;
        for (JsonNode op : p.get("ops")) {
            ops += op.get("per_pass").asLong();
            share += op.get("share").asDouble();
            inside += op.get("ms").asDouble();
        }
        assertThat(p.get("ops_per_pass").asLong()).isEqualTo(ops).isGreaterThan(20);
        assertThat(share).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p.get("op_ms").asDouble()).isCloseTo(inside, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(p.get("op_ms").asDouble() + p.get("between_ms").asDouble())
                .isLessThanOrEqualTo(p.get("wall_ms").asDouble()).isGreaterThan(0);
        assertThat(p.get("ops").get(0).get("ms").asDouble()).isGreaterThanOrEqualTo(p.get("ops").get(1).get("ms").asDouble());

        CliRunner.Result text = CliRunner.run("bench", "text", "--model", model.toString(), "--batch", "1", "--length",
                "8", "--warmup", "0", "--iterations", "1", "--threads", "1", "--profile", "2", "--cache-dir",
                dir.resolve("cache").toString());
        assertThat(text.out()).contains("profile of 2 SameDiff passes:").contains("between them (SameDiff's session)");
        CliRunner.Result bad = CliRunner.run("bench", "text", "--model", model.toString(), "--profile", "-1");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--warmup and --profile at least 0");
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertThat(TextBenchmark.median(java.util.List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(TextBenchmark.median(java.util.List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    }
}
