package io.sentifuse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    Path tmp;

    /**
     * Through the CLI, on the synthetic complementary task (the label shows in one modality per example: chance is
     * 1/3, either modality alone about 2/3), naive-cat must learn: the training loss of the last epoch under 60% of
     * the first, and at least 80% validation accuracy (measured: 92% at seed 0).
     */
    @Test
    void jsonModePrintsOneObjectWithRunDirAndValidationFiguresOfARunThatLearned() throws Exception {
        CliRunner.Result r = CliRunner.run("train", "experiments/smoke/synthetic.yaml", "--set",
                "output.runs_dir=" + tmp, "--set", "training.epochs=4", "--set", "training.synthetic.examples=300",
                "--set", "training.synthetic.task=complementary", "--set", "fusion.head=naive-cat", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        JsonNode json = Json.mapper().readTree(lines[lines.length - 1]);
        Path runDir = Path.of(json.get("run_dir").asText());
        assertThat(runDir).isDirectory().startsWith(tmp);
        for (String key : new String[] {"accuracy", "weighted_f1", "macro_f1"}) {
            assertThat(json.at("/val/" + key).isNumber()).as(key).isTrue();
        }
        assertThat(json.get("head").asText()).isEqualTo("naive-cat");
        assertThat(json.get("epochs_run").asInt()).isEqualTo(4);
        assertThat(json.at("/val/accuracy").asDouble()).isGreaterThanOrEqualTo(0.8);
        List<String> epochs = Files.readAllLines(runDir.resolve("metrics.jsonl"));
        double first = Json.mapper().readTree(epochs.get(0)).get("train_loss").asDouble();
        double last = Json.mapper().readTree(epochs.get(3)).get("train_loss").asDouble();
        assertThat(last).as("training loss falls").isLessThan(0.6 * first);
        assertThat(r.err()).contains("epoch 4/4");
        JsonNode provenance = Json.mapper().readTree(runDir.resolve("provenance.json").toFile());
        assertThat(provenance.at("/synthetic_data/task").asText()).isEqualTo("complementary");
        assertThat(provenance.at("/training/head").asText()).isEqualTo("naive-cat");
        assertThat(provenance.get("command").toString()).contains("--json");
        // the command as typed: the subcommand once
        assertThat(Json.mapper().convertValue(provenance.get("command"), List.class).subList(0, 3))
                .containsExactly("sentifuse", "train", "experiments/smoke/synthetic.yaml");

        CliRunner.Result again = CliRunner.run("train", "--resume", runDir.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("validation    accuracy").contains("epochs        4 of 4");
        assertThat(Files.readAllLines(runDir.resolve("metrics.jsonl"))).hasSize(4);
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
