package io.sentifuse.features.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job learns, on a task whose signal is known: the demo dataset (its generator,
 * {@code io.sentifuse.data.DemoFixtureGenerator}, shows each label in the text, in the image or in both) through
 * the real encoders and the feature cache. Stated margins, on the 80 validation pairs (expected values in
 * brackets): the training loss of the last epoch is under half the first; each single modality clears the
 * majority class (~37%) by at least 15 points (~67%); the fusion head clears each single modality by at least
 * 15 points (~96%).
 */
class DemoLearnsTest {

    static final String CACHE = "output.cache_dir=target/test-cache";

    @Test
    void fusionBeatsEitherModalityAndBothBeatTheMajorityClass(@TempDir Path runs) throws Exception {
        JsonNode fusion = train(runs, "naive-combine");
        JsonNode text = train(runs, "text-only");
        JsonNode image = train(runs, "image-only");

        double majority = majorityShare(fusion);
        assertThat(majority).isBetween(0.30, 0.45);
        for (JsonNode unimodal : List.of(text, image)) {
            assertThat(unimodal.at("/val/accuracy").asDouble()).as(unimodal.get("head").asText())
                    .isGreaterThanOrEqualTo(majority + 0.15);
            assertThat(fusion.at("/val/accuracy").asDouble()).as("fusion over " + unimodal.get("head").asText())
                    .isGreaterThanOrEqualTo(unimodal.at("/val/accuracy").asDouble() + 0.15);
        }
        for (JsonNode run : List.of(fusion, text, image)) {
            List<JsonNode> epochs = metrics(Path.of(run.get("run_dir").asText()));
            double first = epochs.get(0).get("train_loss").asDouble();
            double last = epochs.get(epochs.size() - 1).get("train_loss").asDouble();
            assertThat(last).as(run.get("head").asText() + " training loss falls").isLessThan(0.5 * first);
        }
    }

    private static JsonNode train(Path runs, String head) throws Exception {
        CliRunner.Result r = CliRunner.run("train", "experiments/demo/frozen.yaml", "--set", CACHE, "--set",
                "output.runs_dir=" + runs, "--set", "fusion.head=" + head, "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().strip().lines().toList();
        JsonNode json = Json.mapper().readTree(lines.get(lines.size() - 1));
        assertThat(json.get("val_examples").asInt()).isEqualTo(80);
        return json;
    }

    /** The largest class's share of the validation part, from the best epoch's confusion matrix. */
    private static double majorityShare(JsonNode result) {
        long total = 0;
        long largest = 0;
        for (JsonNode row : result.get("confusion")) {
            long n = 0;
            for (JsonNode v : row) {
                n += v.asLong();
            }
            total += n;
            largest = Math.max(largest, n);
        }
        return (double) largest / total;
    }

    private static List<JsonNode> metrics(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream().map(l -> {
            try {
                return Json.mapper().readTree(l);
            } catch (Exception e) {
                throw new AssertionError("bad metrics line in " + run + ": " + l, e);
            }
        }).toList();
    }
}
