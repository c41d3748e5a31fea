package io.sentifuse.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentifuse.cli.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sentifuse sweep FILE --json} as a user calls it: the last stdout line is one JSON object naming the sweep
 * folder, the candidate count and the best candidate (overrides, score, run folder), and the leaderboard CSV has
 * a header and one row per candidate with the columns the board and users read.
 */
class SweepCommandTest {

    @TempDir
    Path tmp;

    @Test
    void jsonLastLineAndLeaderboardDescribeEveryCandidate() throws Exception {
        Path file = tmp.resolve("cli.yaml");
        Files.writeString(file, """
                name: cli
                base: %s
                seed: 11
                set:
                  training.epochs: 2
                  training.synthetic.examples: 400
                  training.synthetic.task: complementary
                  output.runs_dir: %s
                space:
                  fusion.head: {choice: [text-only, image-only, naive-cat, gmu]}
                  training.lr: {log_uniform: [1.0e-3, 1.0e-2]}
                search: {type: grid, grid_points: 2}
                budget: {max_candidates: 8}
                score: {seeds_per_candidate: 1}
                """.formatted(Path.of("experiments/smoke/synthetic.yaml").toAbsolutePath(), tmp.resolve("runs")));

        CliRunner.Result r = CliRunner.run("sweep", file.toString(), "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(json.get("candidates").asInt()).isEqualTo(8);
        assertThat(json.get("failed").asInt()).isZero();
        Path sweepDir = Path.of(json.get("sweep_dir").asText());
        assertThat(sweepDir).isDirectory().startsWith(tmp.resolve("runs"));
        JsonNode best = json.get("best");
        assertThat(best.get("overrides").has("fusion.head")).isTrue();
        assertThat(best.get("score").asDouble()).isBetween(0.0, 1.0);
        assertThat(Path.of(best.get("run_dir").asText())).isDirectory().startsWith(sweepDir);

        List<String> csv = Files.readAllLines(Path.of(json.get("leaderboard").asText()));
        List<String> header = List.of(csv.get(0).split(","));
        assertThat(header).contains("head", "score_mean", "score_sd", "seeds");
        assertThat(csv).hasSize(1 + 8);
        int headColumn = header.indexOf("head");
        int scoreColumn = header.indexOf("score_mean");
        Set<String> heads = new HashSet<>();
        double previous = Double.MAX_VALUE;
        for (String row : csv.subList(1, csv.size())) {
            String[] cells = row.split(",");
            heads.add(cells[headColumn]);
            double score = Double.parseDouble(cells[scoreColumn]);
            assertThat(score).as("rows sorted by score, best first").isLessThanOrEqualTo(previous);
            previous = score;
        }
        assertThat(heads).containsExactlyInAnyOrder("text-only", "image-only", "naive-cat", "gmu");
        assertThat(Double.parseDouble(csv.get(1).split(",")[scoreColumn])).isCloseTo(best.get("score").asDouble(),
                within(1e-6));
    }
}
