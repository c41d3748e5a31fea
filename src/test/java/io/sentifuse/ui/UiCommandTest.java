package io.sentifuse.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.cli.Main;
import io.sentifuse.files.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sentifuse ui RUNS_DIR}: serves until stopped, reports where, rejects a missing folder. */
class UiCommandTest {

    @TempDir
    Path runs;

    @AfterEach
    void noServerLeft() {
        assertThat(UiServer.isRunning()).as("a test left the UI server running").isFalse();
    }

    @Test
    void servesStoredRunsUntilStopped() throws Exception {
        Path run = runs.resolve("20260101T120000Z-cli");
        new SyntheticTraining(2, 2, 10, 0).record(run);
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread command = new Thread(() -> exit.set(cli.execute("ui", runs.toString(), "--port", "0", "--json")));
        command.start();
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!out.toString().contains("}") && System.currentTimeMillis() < deadline && command.isAlive()) {
                Thread.sleep(100);
            }
            JsonNode started = Json.mapper().readTree(out.toString());
            String url = started.path("url").asText();
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/sentifuse");
            assertThat(started.path("runs").asInt()).isEqualTo(1);
            assertThat(started.path("trainSessions").get(0).asText()).isEqualTo("20260101T120000Z-cli");
            JsonNode list = Http.json(url.replace("/sentifuse", SentifuseUiModule.API_RUNS)).path("runs");
            assertThat(list.get(0).path("id").asText()).isEqualTo("20260101T120000Z-cli");
            assertThat(list.get(0).path("iteration_count").asInt()).isEqualTo(20);
        } finally {
            command.interrupt();
            command.join(30_000);
        }
        assertThat(command.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
    }

    @Test
    void missingFolderExitsWithUsageError() {
        CliRunner.Result r = CliRunner.run("ui", runs.resolve("absent").toString(), "--port", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: RUNS_DIR: " + runs.resolve("absent") + " is not a folder");
    }

    @Test
    void helpListsTheUiCommand() {
        CliRunner.Result r = CliRunner.run("--help");
        assertThat(r.out()).containsPattern("(?m)^\\s+ui\\s");
        CliRunner.Result h = CliRunner.run("help", "ui");
        assertThat(h.out()).contains("--port").contains("--host").contains("RUNS_DIR");
    }
}
