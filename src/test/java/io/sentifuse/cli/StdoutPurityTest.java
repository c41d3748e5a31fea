package io.sentifuse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.files.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** With {@code --json} the process's stdout is one JSON object, even when SameDiff prints while it builds gradients. */
class StdoutPurityTest {

    @Test
    void benchTrainJsonIsTheOnlyThingOnStdout() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.execute("bench", "train", "--head", "naive-cat", "--warmup", "1", "--steps", "3", "--json");
        } finally {
            System.setOut(original);
        }
        assertThat(code).isZero();
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("Added differentiated op");
        JsonNode json = Json.mapper().readTree(out);
        assertThat(json.at("/settings/head").asText()).isEqualTo("naive-cat");
        assertThat(json.at("/settings/steps").asInt()).isEqualTo(3);
        assertThat(json.at("/settings/median_tokens").isNumber()).as("snake_case keys, as every --json").isTrue();
        assertThat(json.get("steps_per_second").asDouble()).isPositive();
    }
}
