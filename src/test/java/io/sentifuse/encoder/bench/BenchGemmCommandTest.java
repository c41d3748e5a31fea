package io.sentifuse.encoder.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.files.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench gemm}: the GFLOP/s figure is 2 n^3 over the median of the timed multiplications it lists, the binary
 * is named, and counts that cannot be measured are exit 2. (A figure, not a speed check: no threshold on time.)
 */
class BenchGemmCommandTest {

    @Test
    void theFigureIsTwoNCubedOverTheMedianOfItsTimedRuns() throws Exception {
        CliRunner.Result r = CliRunner.run("bench", "gemm", "--size", "96", "--warmup", "1", "--iterations", "5",
                "--threads", "1", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(r.out().strip());
        List<Double> ms = new ArrayList<>();
        j.get("ms").forEach(v -> ms.add(v.asDouble()));
        assertThat(ms).hasSize(5).allSatisfy(v -> assertThat(v).isPositive());
        ms.sort(Double::compare);
        assertThat(j.get("median_ms").asDouble()).isEqualTo(ms.get(2));
        assertThat(j.get("gflops").asDouble()).isCloseTo(2.0 * 96 * 96 * 96 / (ms.get(2) / 1e3) / 1e9, within(1e-9));
        assertThat(j.get("binary").asText()).isNotBlank();

        CliRunner.Result bad = CliRunner.run("bench", "gemm", "--size", "0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("bench gemm needs --size, --threads and --iterations at least 1");
    }
}
