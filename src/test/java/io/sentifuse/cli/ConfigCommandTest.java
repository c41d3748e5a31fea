package io.sentifuse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {

    @Test
    void showWithSetPrintsTheOverriddenSeedAsJson() throws Exception {
        CliRunner.Result r = CliRunner.run("config", "show", "experiments/base.yaml", "--set", "seed=7", "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("seed").asLong()).isEqualTo(7);
        assertThat(json.at("/training/epochs").asInt()).isEqualTo(10);
    }

    @Test
    void unknownKeyExitsWithTwoAndNamesKeyAndFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "extends: " + Path.of("experiments/base.yaml").toAbsolutePath() + "\ntraning:\n  epochs: 3\n");
        CliRunner.Result r = CliRunner.run("config", "show", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("traning").contains(file.toString());
    }

    @Test
    void wrongTypeExitsWithTwoAndNamesKeyAndType(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "training:\n  epochs: ten\n");
        CliRunner.Result r = CliRunner.run("config", "show", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("training.epochs").contains("integer");
    }

    @Test
    void missingFileAndUnknownOptionExitWithTwo() {
        assertThat(CliRunner.run("config", "show", "no/such/file.yaml").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("config", "show", "--bogus").exitCode()).isEqualTo(2);
    }
}
