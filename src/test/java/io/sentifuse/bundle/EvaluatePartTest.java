package io.sentifuse.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.files.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate --split FILE --part test} on a model trained under the standard protocol gives exactly the test
 * figures its run reported (the bundle, evaluated on the pairs it never saw, agrees with training's own
 * evaluation), encodes only the part's pairs, and names an id the dataset lacks.
 */
class EvaluatePartTest {

    private static final String DATA = "datasets/fixture/demo";

    @TempDir
    Path tmp;

    @Test
    void theTestPartOfTheRunsSplitGivesTheRunsTestFigures() throws Exception {
        CliRunner.Result train = CliRunner.run("train", "experiments/paper/naive-combine.yaml", "--set",
                "data.path=" + DATA, "--set", "data.protocol=standard", "--set", "seed=3", "--set",
                "training.epochs=3", "--set", "output.cache_dir=target/test-cache", "--set",
                "output.runs_dir=" + tmp.resolve("runs"), "--json");
        assertThat(train.exitCode()).as(train.err()).isZero();
        Path run = Path.of(last(train.out()).get("run_dir").asText());
        JsonNode reported = Json.read(run.resolve("report.json"), JsonNode.class).get("test");
        Path bundle = tmp.resolve("model.zip");
        assertThat(CliRunner.run("export", run.toString(), "--out", bundle.toString()).exitCode()).isZero();
        Path split = tmp.resolve("split.json");
        assertThat(CliRunner.run("data", "split", DATA, "--protocol", "standard", "--seed", "3", "--out",
                split.toString()).exitCode()).isZero();
        int testPairs = Json.read(split, JsonNode.class).get("parts").get("test").size();

        CliRunner.Result eval = CliRunner.run("evaluate", "--model", bundle.toString(), "--data", DATA, "--split",
                split.toString(), "--part", "test", "--json");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode r = Json.mapper().readTree(eval.out()); // evaluate --json prints one (indented) object
        assertThat(r.get("pairs").asInt()).isEqualTo(testPairs);
        assertThat(r.get("accuracy").asDouble()).isCloseTo(reported.get("accuracy").asDouble(), within(1e-9));
        assertThat(r.get("weighted_f1").asDouble()).isCloseTo(reported.get("weighted_f1").asDouble(), within(1e-6));
        assertThat(r.get("skipped")).isEmpty();

        ObjectNode bad = (ObjectNode) Json.read(split, JsonNode.class);
        ((ArrayNode) bad.get("parts").get("test")).add("no-such-pair");
        Path badSplit = tmp.resolve("bad-split.json");
        Json.write(badSplit, bad);
        CliRunner.Result badEval = CliRunner.run("evaluate", "--model", bundle.toString(), "--data", DATA, "--split",
                badSplit.toString(), "--part", "test");
        assertThat(badEval.exitCode()).isEqualTo(2);
        assertThat(badEval.err()).contains("no-such-pair");
    }

    private static JsonNode last(String out) throws Exception {
        List<String> lines = out.strip().lines().toList();
        return Json.mapper().readTree(lines.get(lines.size() - 1));
    }
}
