package io.sentifuse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    Path tmp;

    @Test
    void jsonModePrintsOneObjectWithRunDirAndValidationFigures() throws Exception {
        CliRunner.Result r = CliRunner.run("train", "experiments/smoke/synthetic.yaml", "--set",
                "output.runs_dir=" + tmp, "--set", "training.epochs=2", "--set", "training.synthetic.examples=300",
                "--set", "fusion.head=naive-cat", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        JsonNode json = Json.mapper().readTree(lines[lines.length - 1]);
        Path runDir = Path.of(json.get("run_dir").asText());
        assertThat(runDir).isDirectory().startsWith(tmp);
        for (String key : new String[] {"accuracy", "weighted_f1", "macro_f1"}) {
            assertThat(json.at("/val/" + key).isNumber()).as(key).isTrue();
        }
        assertThat(json.get("head").asText()).isEqualTo("naive-cat");
        assertThat(json.get("epochs_run").asInt()).isEqualTo(2);
        assertThat(r.err()).contains("epoch 2/2");
        JsonNode provenance = Json.mapper().readTree(runDir.resolve("provenance.json").toFile());
        assertThat(provenance.at("/synthetic_data/task").asText()).isEqualTo("xor");
        assertThat(provenance.at("/training/head").asText()).isEqualTo("naive-cat");
        assertThat(provenance.get("command").toString()).contains("--json");

        CliRunner.Result again = CliRunner.run("train", "--resume", runDir.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("validation    accuracy").contains("epochs        2 of 2");
        assertThat(Files.readAllLines(runDir.resolve("metrics.jsonl"))).hasSize(2);
    }

    @Test
    void misuseExitsWithTwoAndSaysWhy() {
        CliRunner.Result none = CliRunner.run("train");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("needs an EXPERIMENT file or --resume RUN_DIR");
        CliRunner.Result both = CliRunner.run("train", "experiments/smoke/synthetic.yaml", "--resume", tmp.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        CliRunner.Result head = CliRunner.run("train", "experiments/smoke/synthetic.yaml", "--set",
                "output.runs_dir=" + tmp, "--set", "fusion.head=nope");
        assertThat(head.exitCode()).isEqualTo(2);
        assertThat(head.err()).contains("unknown head 'nope'");
    }
}
