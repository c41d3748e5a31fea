package io.sentifuse.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench predict} on the test bundle with tiny counts, on four unlabelled pairs of the fixture (a manifest)
 * and one whose image cannot be decoded: every part ran the counts asked for (five single predictions cycling over
 * the four pairs, the five records streamed in batches, five requests at each concurrency), every HTTP request got
 * its prediction, the undecodable pair was left out, and the figures are plausible (speed targets live in the
 * command, not here).
 */
class PredictBenchmarkTest {

    private static final Path FIXTURE = Path.of("datasets/fixture/mvsa-single/data");
    private static final int PAIRS = 4;

    @TempDir
    Path dir;

    @Test
    void measuresEveryPartWithTheCountsAsked() throws Exception {
        StringBuilder manifest = new StringBuilder("id,text,image\n");
        for (int i = 1; i <= PAIRS; i++) {
            Files.copy(FIXTURE.resolve(i + ".jpg"), dir.resolve(i + ".jpg"));
            manifest.append(i).append(",\"so happy, great day number ").append(i).append(" :)\",").append(i)
                    .append(".jpg\n");
        }
        Files.writeString(dir.resolve("broken.jpg"), "not an image");
        manifest.append("broken,a pair whose image is not one,broken.jpg\n");
        Files.writeString(dir.resolve("manifest.csv"), manifest);
        CliRunner.Result run = CliRunner.run("bench", "predict", "--model", TestBundles.cmac().toString(), "--data",
                dir.toString(), "--format", "manifest", "--pairs", "5", "--requests", "5", "--warmup", "1", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode r = Json.mapper().readTree(run.out());
        assertThat(r.get("head").asText()).isEqualTo("cmac");
        assertThat(r.get("cpu").asText()).isNotBlank();
        assertThat(r.get("nd4j_binary").asText()).isNotBlank().isNotEqualTo("unknown");
        assertThat(r.get("warmup").asInt()).isEqualTo(1);
        sane(r.get("single"), 5);
        JsonNode batch = r.get("batch");
        assertThat(batch.get("pairs").asInt()).isEqualTo(PAIRS);
        assertThat(batch.get("skipped").asInt()).isEqualTo(1);
        assertThat(batch.get("pairs_per_second").asDouble()).isPositive();
        assertThat(r.get("serve")).hasSize(2);
        assertThat(r.get("serve").findValues("concurrency")).extracting(JsonNode::asInt).containsExactly(1, 8);
        for (JsonNode s : r.get("serve")) {
            assertThat(s.get("requests").asInt()).isEqualTo(5);
            assertThat(s.get("requests_per_second").asDouble()).isPositive();
            sane(s.get("latency"), 5);
        }
    }

    @Test
    void refusesCountsBelowOne() {
        CliRunner.Result run = CliRunner.run("bench", "predict", "--model", "absent.zip", "--requests", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--pairs and --requests must be at least 1 and --warmup at least 0");
    }

    private static void sane(JsonNode latency, int count) {
        assertThat(latency.get("count").asInt()).isEqualTo(count);
        double p50 = latency.get("p50_ms").asDouble();
        assertThat(p50).isPositive();
        assertThat(latency.get("p95_ms").asDouble()).isGreaterThanOrEqualTo(p50);
        assertThat(latency.get("mean_ms").asDouble()).isPositive();
    }
}
