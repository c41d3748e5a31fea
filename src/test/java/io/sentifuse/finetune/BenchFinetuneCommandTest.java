package io.sentifuse.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.files.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench finetune} on the tiny encoders: the median is one of the timed steps, and {@code --profile} splits
 * the steps by op type, forward ops and their gradient ops ({@code _bp}) apart, its shares adding up to the time
 * inside ops. (Figures, not a speed check: no threshold on time.)
 */
class BenchFinetuneCommandTest {

    @Test
    void theProfileSplitsTheTimedStepsByOpTypeWithGradientOpsApart() throws Exception {
        List<String> args = new ArrayList<>(List.of("bench", "finetune", "--finetune", "text", "--batch", "2",
                "--length", "6", "--warmup", "1", "--steps", "3", "--threads", "1", "--profile", "--json"));
        for (String s : TinyEncoders.sets()) {
            args.add("--set");
            args.add(s);
        }
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode v = Json.mapper().readTree(r.out().strip()).get("variants").get(0);
        List<Double> steps = new ArrayList<>();
        v.get("step_ms").forEach(s -> steps.add(s.asDouble()));
        assertThat(steps).hasSize(3).allSatisfy(s -> assertThat(s).isPositive());
        steps.sort(Double::compare);
        assertThat(v.get("median_ms").asDouble()).isEqualTo(steps.get(1));
        double opMs = v.get("op_ms").asDouble();
        assertThat(opMs).isPositive().isLessThan(steps.get(2) * 1.0001);
        assertThat(v.get("between_ms").asDouble()).isNotNegative();
        List<String> ops = new ArrayList<>();
        double shares = 0;
        double ms = 0;
        double count = 0;
        for (JsonNode op : v.get("ops")) {
            ops.add(op.get("op").asText());
            // counts per step are whole numbers only when exactly the timed steps were counted (warm-up included,
            // 4 steps' ops over 3 would give thirds)
            assertThat(op.get("per_step").asDouble()).as(op.get("op").asText())
                    .isEqualTo(Math.rint(op.get("per_step").asDouble())).isPositive();
            shares += op.get("share").asDouble();
            ms += op.get("millis").asDouble();
            count += op.get("per_step").asDouble();
        }
        assertThat(ops).contains("matmul", "matmul_bp");
        assertThat(shares).isCloseTo(1.0, within(1e-9));
        assertThat(ms).isCloseTo(opMs, within(1e-6 * opMs));
        assertThat(count).isCloseTo(v.get("ops_per_step").asDouble(), within(1e-9));

        // without --json: the per-step split and the op table as a terminal shows them
        List<String> textArgs = new ArrayList<>(args);
        textArgs.remove("--json");
        CliRunner.Result text = CliRunner.run(textArgs.toArray(String[]::new));
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("per step: ").contains(" ops, ").contains("op types)")
                .containsPattern("matmul_bp +[0-9.]+ per step +[0-9.]+ ms +[0-9.]+%");

        args.remove("--profile");
        CliRunner.Result plain = CliRunner.run(args.toArray(String[]::new));
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        JsonNode p = Json.mapper().readTree(plain.out().strip()).get("variants").get(0);
        assertThat(p.get("ops")).isEmpty();
        assertThat(p.get("op_ms").asDouble()).isZero();
    }
}
