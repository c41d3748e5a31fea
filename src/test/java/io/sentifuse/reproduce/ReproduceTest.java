package io.sentifuse.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.eval.Evaluation;
import io.sentifuse.features.FeatureBatches;
import io.sentifuse.features.FeatureSet;
import io.sentifuse.features.FeatureSplits;
import io.sentifuse.features.store.CacheFeatureProvider;
import io.sentifuse.files.Json;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.train.TrainingService;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reproduce paper} on the demo dataset with 2 seeds and 2 heads under both protocols: the CSV's rows equal
 * the mean and sd recomputed here from the run folders' reports (validation figures under the paper protocol,
 * test figures under the standard one), and a second call reuses every run; asked for, the ensemble row is the
 * accuracy of the members' averaged probabilities per seed, recomputed here from their saved models.
 */
class ReproduceTest {

    @TempDir
    Path tmp;

    private CliRunner.Result reproduce(String... extra) {
        return reproduce(2, tmp.resolve("out"), extra);
    }

    private CliRunner.Result reproduce(int seeds, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("reproduce", "paper", "--seeds", String.valueOf(seeds), "--heads",
                "text-only,naive-combine", "--protocol", "both", "--set", "data.path=datasets/fixture/demo", "--set",
                "training.epochs=3", "--set", "output.cache_dir=target/test-cache", "--out",
                out.toString(), "--resume", tmp.resolve("runs").toString(), "--json"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(new String[0]));
    }

    @Test
    void theTableIsTheMeanAndSdOfItsRunsAndASecondCallReusesThemAll() throws Exception {
        CliRunner.Result first = reproduce();
        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode result = last(first.out());
        assertThat(result.get("runs").asInt()).isEqualTo(8);
        assertThat(result.get("trained").asInt()).isEqualTo(8);

        List<String> csv = Files.readAllLines(tmp.resolve("out").resolve(ReproduceService.CSV));
        assertThat(csv.get(0)).isEqualTo("protocol,model,seeds,acc_mean,acc_sd,wf1_mean,wf1_sd,mf1_mean,mf1_sd,"
                + "epochs_mean,seconds_mean");
        assertThat(csv).hasSize(5);
        for (String line : csv.subList(1, csv.size())) {
            String[] c = line.split(",");
            List<JsonNode> reports = reports(tmp.resolve("runs"), "paper-" + c[0] + "-" + c[1] + "-s");
            assertThat(reports).hasSize(2);
            String part = c[0].equals("standard") ? "test" : "val";
            double[] acc = meanSd(reports, part, "accuracy");
            double[] wf1 = meanSd(reports, part, "weighted_f1");
            assertThat(Double.parseDouble(c[3])).as(line).isCloseTo(acc[0], within(0.006));
            assertThat(Double.parseDouble(c[4])).as(line).isCloseTo(acc[1], within(0.006));
            assertThat(Double.parseDouble(c[5])).as(line).isCloseTo(wf1[0], within(0.006));
            assertThat(Double.parseDouble(c[6])).as(line).isCloseTo(wf1[1], within(0.006));
            if (c[0].equals("standard")) {
                assertThat(reports.get(0).get("test").isObject()).isTrue();
            }
        }
        assertThat(Files.readString(tmp.resolve("out").resolve(ReproduceService.MARKDOWN)))
                .contains("Paper protocol").contains("Standard protocol").contains("| 70.50 | 71.88 |").contains("MGNNS (2021)");
        BufferedImage plot = ImageIO.read(tmp.resolve("out").resolve(ReproduceService.PLOT).toFile());
        assertThat(plot.getWidth()).isGreaterThanOrEqualTo(900);
        assertThat(Files.readAllLines(tmp.resolve("runs").resolve(ReproduceService.CSV))).isEqualTo(csv);

        // one multimodal model: no ensemble row by default; asked for, the second call adds it and trains nothing
        CliRunner.Result second = reproduce("--ensemble", "text-only,naive-combine");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(last(second.out()).get("trained").asInt()).isZero();
        List<String> again = Files.readAllLines(tmp.resolve("out").resolve(ReproduceService.CSV));
        assertThat(again.subList(1, 5).stream().map(ReproduceTest::withoutSeconds).toList())
                .isEqualTo(csv.subList(1, 5).stream().map(ReproduceTest::withoutSeconds).toList());
        assertThat(again).hasSize(7);
        for (String line : again.subList(5, 7)) {
            String[] c = line.split(",");
            assertThat(c[1]).isEqualTo("ensemble");
            assertThat(c[2]).isEqualTo("2");
            List<Double> acc = new ArrayList<>();
            for (int seed = 0; seed < 2; seed++) {
                acc.add(100 * ensembleAccuracy(List.of(runDir("paper-" + c[0] + "-text-only-s" + seed),
                        runDir("paper-" + c[0] + "-naive-combine-s" + seed)), c[0].equals("standard")));
            }
            double mean = (acc.get(0) + acc.get(1)) / 2;
            double sd = Math.abs(acc.get(0) - acc.get(1)) / Math.sqrt(2);
            assertThat(Double.parseDouble(c[3])).as(line).isCloseTo(mean, within(0.006));
            assertThat(Double.parseDouble(c[4])).as(line).isCloseTo(sd, within(0.006));
        }
        assertThat(Files.readString(tmp.resolve("out").resolve(ReproduceService.MARKDOWN)))
                .contains("equal-weight average of the class probabilities of the text-only, naive-combine runs");

        // the scores are stored beside the runs and read back, not computed again: a doctored score shows in the table
        List<Path> stored;
        try (Stream<Path> s = Files.list(tmp.resolve("runs").resolve(EnsembleScores.FOLDER))) {
            stored = s.toList();
        }
        assertThat(stored).hasSize(4);
        for (Path f : stored) {
            ObjectNode score = Json.read(f, ObjectNode.class);
            assertThat(score.get("accuracy").asDouble()).isBetween(0.0, 0.999);
            score.put("accuracy", 1.0);
            Files.writeString(f, Json.line(score));
        }
        CliRunner.Result third = reproduce("--ensemble", "text-only,naive-combine");
        assertThat(third.exitCode()).as(third.err()).isZero();
        for (String line : Files.readAllLines(tmp.resolve("out").resolve(ReproduceService.CSV)).subList(5, 7)) {
            assertThat(Double.parseDouble(line.split(",")[3])).as(line).isCloseTo(100.0, within(1e-9));
            assertThat(Double.parseDouble(line.split(",")[4])).as(line).isCloseTo(0.0, within(1e-9));
        }

        // a table from what has finished: a third seed is planned but trained by nobody; rows keep their 2 seeds
        CliRunner.Result partial = reproduce(3, tmp.resolve("partial"), "--finished-only");
        assertThat(partial.exitCode()).as(partial.err()).isZero();
        assertThat(last(partial.out()).get("trained").asInt()).isZero();
        assertThat(partial.err()).contains("reproduce: 8 of 12 runs have finished; not yet: paper-paper-text-only-s2, "
                + "paper-paper-naive-combine-s2, paper-standard-text-only-s2, paper-standard-naive-combine-s2");
        List<String> partialCsv = Files.readAllLines(tmp.resolve("partial").resolve(ReproduceService.CSV));
        assertThat(partialCsv.subList(1, 5).stream().map(ReproduceTest::withoutSeconds).toList())
                .isEqualTo(csv.subList(1, 5).stream().map(ReproduceTest::withoutSeconds).toList());
        assertThat(Files.readString(tmp.resolve("partial").resolve(ReproduceService.MARKDOWN)))
                .contains("8 of the 12 planned runs had finished (--finished-only)");
        assertThat(Files.list(tmp.resolve("runs")).filter(p -> p.getFileName().toString().endsWith("-s2")).count())
                .isZero();
        CliRunner.Result none = CliRunner.run("reproduce", "paper", "--finished-only", "--heads", "text-only",
                "--set", "data.path=datasets/fixture/demo", "--resume", tmp.resolve("empty").toString(), "--out",
                tmp.resolve("none").toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--finished-only: none of the 10 runs has finished in " + tmp.resolve("empty"));

        CliRunner.Result one = reproduce("--ensemble", "naive-combine");
        assertThat(one.exitCode()).isEqualTo(2);
        assertThat(one.err()).contains("--ensemble needs at least two models, got naive-combine");
        CliRunner.Result stranger = reproduce("--ensemble", "naive-combine,cmac");
        assertThat(stranger.exitCode()).isEqualTo(2);
        assertThat(stranger.err()).contains("--ensemble: 'cmac' is not a model of this table");
    }

    private Path runDir(String name) throws Exception {
        try (Stream<Path> s = Files.list(tmp.resolve("runs"))) {
            return s.filter(p -> p.getFileName().toString().endsWith("Z-" + name)).findFirst().orElseThrow();
        }
    }

    /** The accuracy of the mean of the members' probabilities, recomputed from their saved models here. */
    private static double ensembleAccuracy(List<Path> members, boolean test) {
        float[][] sum = null;
        int[] truth = null;
        for (Path run : members) {
            ExperimentConfig config = ConfigLoader.load(run.resolve("config.yaml"), List.of());
            FusionModel model = FusionModel.load(run.resolve(TrainingService.MODEL_DIR));
            FeatureSplits splits = new CacheFeatureProvider().load(config, model.inputs());
            FeatureSet part = test ? splits.test().orElseThrow() : splits.validation();
            Evaluation e = Evaluation.of(model, new FeatureBatches(part, model.inputs(), Seeds.of(0)), 64);
            if (sum == null) {
                sum = new float[e.ids().size()][3];
                truth = e.truth();
            }
            for (int i = 0; i < sum.length; i++) {
                for (int c = 0; c < 3; c++) {
                    sum[i][c] += e.probabilities()[i][c];
                }
            }
        }
        int correct = 0;
        for (int i = 0; i < sum.length; i++) {
            int best = 0;
            for (int c = 1; c < 3; c++) {
                best = sum[i][c] > sum[i][best] ? c : best;
            }
            correct += best == truth[i] ? 1 : 0;
        }
        return (double) correct / sum.length;
    }

    /** The thesis check: margins and the verdict follow the rows' means and sds. */
    @Test
    void theThesisHoldsOnlyWhenTheBestMultimodalRowBeatsBothByMoreThanTheSd() {
        TableRow text = row("text-only", 69.7, 0.9);
        TableRow image = row("image-only", 61.7, 1.1);
        var holds = ReproduceService.thesis(List.of(text, image, row("naive-combine", 72.0, 1.0), row("ote", 71.0, 3.0)));
        assertThat(holds.get("paper").bestMultimodal()).isEqualTo("naive-combine");
        assertThat(holds.get("paper").overText()).isCloseTo(2.3, within(1e-9));
        assertThat(holds.get("paper").holds()).isTrue();
        // an ensemble row is reported beside the single models, not taken as the best of them
        assertThat(ReproduceService.thesis(List.of(text, image, row("naive-combine", 72.0, 1.0),
                row(EnsembleRows.MODEL, 73.0, 1.0))).get("paper").bestMultimodal()).isEqualTo("naive-combine");
        var fails = ReproduceService.thesis(List.of(text, image, row("naive-combine", 70.5, 1.3)));
        assertThat(fails.get("paper").holds()).isFalse();
        assertThat(fails.get("paper").statement()).contains("does not beat text-only by more than one standard deviation");
    }

    private static TableRow row(String model, double acc, double sd) {
        return new TableRow("paper", model, 5, acc, sd, acc, sd, acc, sd, 10, 60, List.of());
    }

    private static String withoutSeconds(String line) {
        return line.substring(0, line.lastIndexOf(','));
    }

    private static List<JsonNode> reports(Path runs, String prefix) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(runs)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && name.substring(name.indexOf('-') + 1).startsWith(prefix)) {
                    out.add(Json.read(p.resolve("report.json"), JsonNode.class));
                }
            }
        }
        return out;
    }

    /** Mean and sample sd in percent, computed here. */
    private static double[] meanSd(List<JsonNode> reports, String part, String figure) {
        double sum = 0;
        for (JsonNode r : reports) {
            sum += 100 * r.get(part).get(figure).asDouble();
        }
        double mean = sum / reports.size();
        double sq = 0;
        for (JsonNode r : reports) {
            double d = 100 * r.get(part).get(figure).asDouble() - mean;
            sq += d * d;
        }
        return new double[] {mean, Math.sqrt(sq / (reports.size() - 1))};
    }

    private static JsonNode last(String out) throws Exception {
        List<String> lines = out.strip().lines().toList();
        return Json.mapper().readTree(lines.get(lines.size() - 1));
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
