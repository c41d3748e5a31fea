package io.sentifuse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.files.Json;
import io.sentifuse.system.Nd4jBinaries;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EnvCommandTest {

    @Test
    void envReportsBackendBlasAndOpenBlasCore() throws Exception {
        CliRunner.Result r = CliRunner.run("env", "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("dl4j_version").asText()).isEqualTo("1.0.0-M2.1");
        assertThat(json.get("backend").asText()).startsWith("CPU");
        assertThat(json.get("blas_vendor").asText()).isEqualTo("OPENBLAS");
        assertThat(json.at("/openblas/config").asText()).contains("OpenBLAS 0.3.19");
        assertThat(json.at("/openblas/core").asText()).isNotBlank().isNotEqualTo("not loaded");
        assertThat(json.get("nd4j_threads").asInt()).isPositive();
    }

    @Test
    void envNamesTheNd4jBinaryThatLoaded() throws Exception {
        Nd4jBinaries.Choice chosen = Nd4jBinaries.chosen();
        JsonNode json = Json.mapper().readTree(CliRunner.run("env", "--json").out());
        assertThat(json.at("/nd4j_binary/name").asText()).isEqualTo(chosen.binary().id());
        assertThat(json.at("/nd4j_binary/chosen_by").asText()).isEqualTo(chosen.reason());
        assertThat(json.at("/nd4j_binary/library").asText()).contains("/bindings/" + chosen.binary().classifier() + "/");
        assertThat(json.get("nd4j_binary_level").asText()).isEqualTo(chosen.binary().level().nd4jName());
        json.get("warnings").forEach(w -> assertThat(w.asText()).doesNotContain("ND4J"));
        String text = CliRunner.run("env").out();
        assertThat(text).containsPattern("(?m)^ND4J binary +" + chosen.binary().id() + " \\(level ");
    }

    @Test
    void versionNamesDl4jAndBackend() {
        CliRunner.Result r = CliRunner.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("1.0.0-M2.1").contains("CpuBackend");
    }

    @Test
    void helpListsTheCommands() {
        CliRunner.Result r = CliRunner.run("--help");
        assertThat(r.out()).containsPattern("(?m)^\\s+env\\s").containsPattern("(?m)^\\s+config\\s")
                .containsPattern("(?m)^\\s+train\\s").containsPattern("(?m)^\\s+import\\s");
    }

    @Test
    void everySubcommandAnswersHelp() {
        for (String[] command : new String[][] {{"train"}, {"data", "check"}, {"bench", "finetune"}, {"ui"}, {"conformance"}}) {
            String[] args = Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            CliRunner.Result r = CliRunner.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: sentifuse " + String.join(" ", command));
        }
    }
}
