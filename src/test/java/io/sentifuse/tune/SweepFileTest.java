package io.sentifuse.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.cli.CliRunner;
import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweep files are read as strictly as experiment files: every mistake names the file, the line and the key. */
class SweepFileTest {

    @TempDir
    Path tmp;

    private Path write(String body) throws IOException {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "name: t\nbase: " + Path.of("experiments/smoke/synthetic.yaml").toAbsolutePath() + "\n"
                + body);
        return f;
    }

    @Test
    void aGoodFileResolvesAndRoundTripsThroughItsResolvedForm() throws IOException {
        Path f = write("""
                set:
                  training.epochs: 3
                space:
                  training.lr: {log_uniform: [1.0e-4, 1.0e-2]}
                  fusion.head: {choice: [naive-cat, ote]}
                  fusion.heads: {choice: [2, 4]}
                search: {type: grid, grid_points: 2}
                budget: {max_candidates: 20}
                score: {metric: weighted-f1, seeds_per_candidate: 1}
                """);
        SweepFile s = SweepFile.read(f, List.of("data.workers=1", "budget.parallel=2"));
        assertThat(s.parameters()).extracting(SweepParameter::key)
                .containsExactly("fusion.head", "training.lr", "fusion.heads");
        assertThat(s.fixed()).containsExactly("training.epochs=3", "data.workers=1");
        assertThat(s.settings().budget().parallel()).isEqualTo(2);
        assertThat(s.baseConfig().training().epochs()).isEqualTo(3);
        Path resolved = tmp.resolve("resolved.yaml");
        Files.writeString(resolved, s.toYaml());
        SweepFile again = SweepFile.read(resolved, List.of());
        assertThat(again.parameters()).isEqualTo(s.parameters().stream()
                .map(p -> new SweepParameter(p.key(), p.kind(), p.values(), p.min(), p.max(), p.heads(),
                        again.parameters().get(s.parameters().indexOf(p)).source())).toList());
        assertThat(again.settings()).isEqualTo(s.settings());
        assertThat(again.fixed()).isEqualTo(s.fixed());
    }

    @Test
    void headSpecificSettingsAreDrawnOnlyForHeadsThatReadThemAndGridsHaveNoRepeats() throws IOException {
        Path f = write("""
                space:
                  fusion.head: {choice: [naive-cat, ote]}
                  fusion.heads: {choice: [2, 4]}
                  fusion.layers: {int: [1, 2]}
                search: {type: grid}
                budget: {max_candidates: 50}
                """);
        List<Map<String, Object>> drawn = SweepService.draw(SweepFile.read(f, List.of()));
        // naive-cat reads neither heads nor layers: one candidate; ote: 2 x 2
        assertThat(drawn).hasSize(5);
        assertThat(drawn).containsOnlyOnce(Map.of("fusion.head", "naive-cat"));
        assertThat(drawn).contains(Map.of("fusion.head", "ote", "fusion.heads", 4L, "fusion.layers", 2L));
    }

    @Test
    void theSameFileAndSeedDrawTheSameCandidatesAndAnotherSeedOthers() throws IOException {
        Path f = write("""
                space:
                  fusion.head: {choice: [naive-cat, naive-combine, gmu, ote]}
                  training.lr: {log_uniform: [1.0e-4, 1.0e-2]}
                  fusion.dropout: {uniform: [0.0, 0.5]}
                budget: {max_candidates: 12}
                """);
        List<Map<String, Object>> a = SweepService.draw(SweepFile.read(f, List.of()));
        List<Map<String, Object>> b = SweepService.draw(SweepFile.read(f, List.of()));
        List<Map<String, Object>> other = SweepService.draw(SweepFile.read(f, List.of("seed=1")));
        assertThat(a).hasSize(12).isEqualTo(b).isNotEqualTo(other);
        for (Map<String, Object> c : a) {
            double lr = (Double) c.get("training.lr");
            assertThat(lr).isBetween(1e-4, 1e-2);
            // drawn reals keep 3 significant digits
            assertThat(Double.toString(lr).replaceAll("E.*", "").replace("0.", "").replaceAll("^0+", "").length())
                    .isLessThanOrEqualTo(4);
        }
        assertThat(a.stream().map(c -> c.get("fusion.head")).distinct().count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void mistakesNameTheFileTheLineAndTheKey() throws IOException {
        expect("space:\n  training.lr: {log_uniform: [1.0e-2, 1.0e-4]}\n",
                ":4: space key 'training.lr': 'log_uniform' is empty: [0.01, 1.0E-4]");
        expect("space:\n  training.lr: {uniform: [-1.0e-3, 1.0e-3]}\n",
                ":4: space key 'training.lr': the value -0.001 is not valid: training.lr must be positive, got -0.001");
        expect("space:\n  training.lr: {log_uniform: [0.0, 1.0e-3]}\n",
                ":4: space key 'training.lr': 'log_uniform' must be positive at both ends");
        expect("space:\n  fusion.head: {choice: [naive-cat, otee]}\n",
                ":4: space key 'fusion.head': fusion.head: unknown head 'otee'");
        expect("space:\n  training.lrr: {uniform: [0.1, 0.2]}\n",
                ":4: 'training.lrr' is not a setting of an experiment");
        expect("space:\n  training.lr: {uniform: [0.1, 0.2], heads: [ote], step: 2}\n",
                ":4: space key 'training.lr': unknown entry 'step'");
        expect("spaces:\n  training.lr: {uniform: [0.1, 0.2]}\n", ":3: unknown key 'spaces' in sweep file");
        expect("space:\n  fusion.dropout: {uniform: [0.1, 0.2]}\nbudget: {max_candidate: 3}\n",
                ":5: unknown key 'budget.max_candidate' (did you mean 'max_candidates'?)");
        expect("space:\n  fusion.dropout: {uniform: [0.1, 0.2]}\nsearch: {type: bayes}\n",
                ":5: 'search.type' must be one of random | grid | genetic, got 'bayes' (text)");
        expect("space:\n  fusion.layers: {int: [3, 1]}\n", ":4: space key 'fusion.layers': 'int' is empty: [3.0, 1.0]");
        expect("space:\n  fusion.dropout: {uniform: [0.1, 1.5]}\n",
                "space key 'fusion.dropout': the value 1.5 is not valid: fusion.dropout must be in [0, 1), got 1.5");
        expect("space: {}\n", "'space' must list at least one setting to search");
    }

    @Test
    void theCommandExitsWithTwoAndSaysWhy() throws IOException {
        Path f = write("space:\n  training.lr: {log_uniform: [1.0e-2, 1.0e-4]}\n");
        CliRunner.Result r = CliRunner.run("sweep", f.toString(), "--json");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(f + ":4: space key 'training.lr': 'log_uniform' is empty");
        CliRunner.Result none = CliRunner.run("sweep");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("sweep needs a SWEEP file or --resume SWEEP_DIR");
        CliRunner.Result notASweep = CliRunner.run("sweep", "--resume", tmp.toString());
        assertThat(notASweep.exitCode()).isEqualTo(2);
        assertThat(notASweep.err()).contains("is not a sweep folder: it has no sweep.yaml");
    }

    private void expect(String body, String message) throws IOException {
        Path f = write(body);
        assertThatThrownBy(() -> SweepFile.read(f, List.of())).isInstanceOf(UserInputException.class)
                .hasMessageContaining(message).hasMessageStartingWith(f.toString().substring(0, 1));
        if (message.startsWith(":")) {
            assertThatThrownBy(() -> SweepFile.read(f, List.of())).hasMessageStartingWith(f + message.substring(0, 3));
        }
    }
}
