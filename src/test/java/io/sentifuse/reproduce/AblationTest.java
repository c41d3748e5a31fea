package io.sentifuse.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reproduce ablations} on the demo dataset: the baseline lever's rows are the reproduction's own runs
 * (reused, figures equal to {@code reproduce paper}'s table), the other lever trains with its override, its delta is
 * its paper accuracy minus the baseline's, a second call trains nothing, and bad plans are exit 2 naming the line.
 */
class AblationTest {

    private static final String[] COMMON = {"--seeds", "2", "--protocol", "both", "--set",
            "data.path=datasets/fixture/demo", "--set", "training.epochs=3", "--set", "output.cache_dir=target/test-cache"};

    /** A baseline lever and one other on text-only. */
    private static final String DROPOUT_LEVERS = """
            heads: [text-only]
            levers:
              - {name: default dropout, group: regularisation}
              - name: dropout 0.2
                group: regularisation
                set: {fusion.dropout: 0.2}
            """;

    @TempDir
    Path tmp;

    private CliRunner.Result run(String table, String... more) {
        List<String> args = new ArrayList<>(List.of("reproduce", table));
        args.addAll(List.of(COMMON));
        args.addAll(List.of("--resume", tmp.resolve("runs").toString(), "--json"));
        args.addAll(List.of(more));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private Path plan(String text) throws Exception {
        Path file = tmp.resolve("ablations.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theBaselineIsTheReproductionsRunsAndALeverTrainsWithItsOverride() throws Exception {
        CliRunner.Result paper = run("paper", "--heads", "text-only", "--out", tmp.resolve("paper").toString());
        assertThat(paper.exitCode()).as(paper.err()).isZero();
        List<String> paperCsv = Files.readAllLines(tmp.resolve("paper").resolve(ReproduceService.CSV));
        Path plan = plan(DROPOUT_LEVERS);

        CliRunner.Result first = run("ablations", "--plan", plan.toString(), "--out", tmp.resolve("out").toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode result = last(first.out());
        assertThat(result.get("runs").asInt()).isEqualTo(8);
        assertThat(result.get("trained").asInt()).as("the baseline's 4 runs are reused").isEqualTo(4);

        List<String> csv = Files.readAllLines(tmp.resolve("out").resolve(AblationService.CSV));
        assertThat(csv.get(0)).isEqualTo(AblationRow.CSV_HEADER);
        assertThat(csv).hasSize(3);
        String[] base = csv.get(1).split(",", -1);
        String[] lever = csv.get(2).split(",", -1);
        String[] paperRow = paperCsv.get(1).split(",");
        String[] standardRow = paperCsv.get(2).split(",");
        assertThat(base[4]).as("baseline paper accuracy = reproduce paper's").isEqualTo(paperRow[3]);
        assertThat(base[5]).isEqualTo(paperRow[4]);
        assertThat(base[9]).as("baseline standard accuracy = reproduce paper's").isEqualTo(standardRow[3]);
        assertThat(base[8]).as("no delta for the baseline").isEmpty();
        assertThat(lever[14]).isEqualTo("fusion.dropout=0.2");
        assertThat(Double.parseDouble(lever[8])).isCloseTo(
                Double.parseDouble(lever[4]) - Double.parseDouble(base[4]), within(0.011));
        List<Path> leverRuns = runDirs(result.get("rows").get(1));
        assertThat(leverRuns).hasSize(4);
        for (Path run : leverRuns) {
            assertThat(Files.readString(run.resolve("config.yaml"))).contains("dropout: 0.2");
        }
        assertThat(Files.readString(tmp.resolve("out").resolve(AblationService.MARKDOWN)))
                .contains("| regularisation | dropout 0.2 | text-only | 2 |")
                .contains("--set fusion.dropout=0.2");

        CliRunner.Result second = run("ablations", "--plan", plan.toString(), "--out", tmp.resolve("out").toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(last(second.out()).get("trained").asInt()).isZero();

        // an ensemble lever: one row, the average of its heads' runs per seed (its members' runs reused or trained)
        Path ensemblePlan = plan("""
                heads: [text-only]
                levers:
                  - name: text + image
                    group: ensembles
                    heads: [text-only, image-only]
                    ensemble: [text-only, image-only]
                """);
        CliRunner.Result ensemble = run("ablations", "--plan", ensemblePlan.toString(), "--out",
                tmp.resolve("ens").toString());
        assertThat(ensemble.exitCode()).as(ensemble.err()).isZero();
        assertThat(last(ensemble.out()).get("trained").asInt()).as("image-only's 4 runs; text-only's are reused")
                .isEqualTo(4);
        List<String> ensembleCsv = Files.readAllLines(tmp.resolve("ens").resolve(AblationService.CSV));
        assertThat(ensembleCsv).hasSize(2);
        assertThat(ensembleCsv.get(1)).startsWith("ensembles,text + image,ensemble,2,");
        List<Path> members = runDirs(last(ensemble.out()).get("rows").get(0));
        assertThat(members).hasSize(8);
        assertThat(members.stream().filter(d -> d.getFileName().toString().contains("-image-only-s"))).hasSize(4);

        // a lever of members: the ensemble of two earlier levers' runs (different settings), training nothing
        Path membersPlan = plan(DROPOUT_LEVERS + """
                  - name: both dropouts
                    group: ensembles
                    members: [default dropout/text-only, dropout 0.2/text-only]
                """);
        CliRunner.Result across = run("ablations", "--plan", membersPlan.toString(), "--out",
                tmp.resolve("across").toString());
        assertThat(across.exitCode()).as(across.err()).isZero();
        assertThat(last(across.out()).get("trained").asInt()).isZero();
        List<String> acrossCsv = Files.readAllLines(tmp.resolve("across").resolve(AblationService.CSV));
        assertThat(acrossCsv).hasSize(4);
        assertThat(acrossCsv.get(3)).startsWith("ensembles,both dropouts,ensemble,2,");
        List<Path> acrossRuns = runDirs(last(across.out()).get("rows").get(2));
        assertThat(acrossRuns).as("the 4 runs of each lever").hasSize(8)
                .containsAll(runDirs(last(across.out()).get("rows").get(0)))
                .containsAll(leverRuns);
        assertThat(Files.readString(tmp.resolve("across").resolve(AblationService.MARKDOWN)))
                .contains("The ensemble of the runs of default dropout/text-only, dropout 0.2/text-only");
    }

    @Test
    void theCommittedPlansReadAndEveryLeverResolvesOnEachOfItsHeads() throws Exception {
        AblationPlan plan = AblationPlan.read(AblationPlan.FILE);
        assertThat(plan.levers()).extracting(AblationPlan.Lever::group).contains("text encoder", "image encoder");
        List<List<String>> joined = new ArrayList<>();
        try (var files = Files.list(AblationPlan.FILE.getParent())) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("ablations.*\\.yaml")).toList()) {
                for (AblationPlan.Lever lever : AblationPlan.read(file).levers()) {
                    for (String head : lever.heads()) {
                        ExperimentConfig c = ConfigLoader.load(
                                ReproduceService.PAPER_EXPERIMENTS.resolve(head + ".yaml"), lever.set());
                        assertThat(c.fusion().head()).as(lever.name()).isEqualTo(head);
                        if (lever.name().contains("InceptionV3")) {
                            assertThat(c.image().model()).isEqualTo("nsfwjs-inception-v3");
                        }
                        if (!c.text().extraModels().isEmpty()) {
                            joined.add(c.text().extraModels());
                        }
                    }
                }
            }
        }
        // a plan's list setting reaches the experiment as the list it wrote
        assertThat(joined).contains(List.of("bge-small-en-v1.5"), List.of("bge-small-en-v1.5", "all-minilm-l6-v2"));
    }

    @Test
    void badPlansAreExit2NamingTheLine() throws Exception {
        assertBad("levers:\n  - {name: a, group: g}\nhaeds: [text-only]\n", "ablations.yaml:3: unknown key 'haeds'");
        assertBad("heads: [text-only]\nlevers:\n  - name: a\n    group: g\n    set: {training.lrr: 0.1}\n",
                "ablations.yaml:5: 'training.lrr' is not a setting of an experiment");
        assertBad("heads: [text-only]\nlevers:\n  - name: a\n    group: g\n    set: {fusion.dropout: [0.1, 0.2]}\n",
                "ablations.yaml:5: set 'fusion.dropout' must be one value");
        assertBad("heads: [text-only]\nlevers:\n  - name: a\n    group: g\n"
                + "    set: {text.extra_models: [[e5-small-v2]]}\n",
                "ablations.yaml:5: set 'text.extra_models' must be a list of values");
        assertBad("heads: [no-such-head]\nlevers:\n  - {name: a, group: g}\n", "no-such-head");
        assertBad("heads: [text-only]\nlevers:\n  - {name: a}\n", "a lever needs 'group'");
        assertBad("heads: [text-only]\nlevers: []\n", "'levers' must list at least one lever");
        assertBad("heads: [text-only]\nlevers:\n  - {name: a, group: g, ensemble: [text-only]}\n",
                "ablations.yaml:3: lever 'a' ensemble must name at least two of its heads, each once, [text-only], got [text-only]");
        assertBad("heads: [text-only]\nlevers:\n  - {name: a, group: g}\n  - {name: a, group: h}\n",
                "ablations.yaml:4: a second lever named 'a'; lever names must differ");
        assertBad("heads: [text-only]\nlevers:\n  - {name: a, group: g}\n  - {name: b, group: g, members: [a/text-only, "
                + "c/text-only]}\n", "ablations.yaml:4: lever 'b' member 'c/text-only' is not <lever>/<head> of an earlier "
                + "lever that trains that head; earlier: [a/text-only]");
        assertBad("heads: [text-only]\nlevers:\n  - {name: a, group: g}\n  - name: b\n    group: g\n    members: "
                + "[a/text-only, a/image-only]\n    set: {fusion.dropout: 0.2}\n", "ablations.yaml:7: lever 'b' has "
                + "members, so it trains nothing of its own: 'set' belongs to the levers it names");
    }

    private void assertBad(String text, String expected) throws Exception {
        Path file = plan(text);
        CliRunner.Result r = CliRunner.run("reproduce", "ablations", "--plan", file.toString(), "--resume",
                tmp.resolve("runs").toString());
        assertThat(r.exitCode()).as(r.out()).isEqualTo(2);
        assertThat(r.err()).contains(expected);
    }

    private static List<Path> runDirs(JsonNode row) {
        List<Path> out = new ArrayList<>();
        for (String part : List.of("paper", "standard")) {
            row.get(part).get("run_dirs").forEach(d -> out.add(Path.of(d.asText())));
        }
        return out;
    }

    private static JsonNode last(String out) throws Exception {
        List<String> lines = out.strip().lines().toList();
        return Json.mapper().readTree(lines.get(lines.size() - 1));
    }
}
