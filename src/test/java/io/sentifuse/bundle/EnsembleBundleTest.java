package io.sentifuse.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.app.Services;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.ensemble.RunEnsemble;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.eval.Evaluation;
import io.sentifuse.features.FeatureBatches;
import io.sentifuse.features.FeatureSet;
import io.sentifuse.features.FeatureSplits;
import io.sentifuse.features.store.CacheFeatureProvider;
import io.sentifuse.files.Json;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.train.RunFiles;
import io.sentifuse.train.TrainingService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ensembles of two runs trained on one fixture split (naive-cat and cmac): scored through {@link RunEnsemble}, each
 * member's reopened accuracy equals its own report and the ensemble's probabilities are the mean of the members';
 * exported as one bundle, {@code predict} gives that mean for every pair, also when a member reads other text
 * settings (it brings its own text encoder, format version 3); members that do not share a split or the image
 * encoder are refused with an error naming both runs.
 */
class EnsembleBundleTest {

    @TempDir
    Path tmp;

    @Test
    void anEnsembleAveragesItsMembersInScoringAndInItsBundle() throws Exception {
        Path cat = train("fusion.head=naive-cat");
        Path cmac = train("fusion.head=cmac");
        RunEnsemble ensemble = new RunEnsemble(Services.trainingModes(Services.featureSources()));
        RunEnsemble.Result r = ensemble.evaluate(List.of(cat, cmac), RunEnsemble.Part.VALIDATION);
        Map<String, float[]> catVal = predictions(cat, false);
        Map<String, float[]> cmacVal = predictions(cmac, false);
        assertThat(r.memberAccuracy().get(0)).isCloseTo(report(cat).at("/val/accuracy").asDouble(), within(1e-9));
        assertThat(r.memberAccuracy().get(1)).isCloseTo(report(cmac).at("/val/accuracy").asDouble(), within(1e-9));
        assertThat(r.evaluation().ids()).hasSize(catVal.size());
        for (int i = 0; i < r.evaluation().ids().size(); i++) {
            String id = r.evaluation().ids().get(i);
            for (int c = 0; c < 3; c++) {
                assertThat(r.evaluation().probabilities()[i][c]).as(id)
                        .isCloseTo((catVal.get(id)[c] + cmacVal.get(id)[c]) / 2, within(1e-6f));
            }
        }

        Path bundle = tmp.resolve("ensemble.zip");
        CliRunner.Result export = CliRunner.run("export", cat.toString(), cmac.toString(), "--out", bundle.toString(),
                "--json");
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(Json.mapper().readTree(export.out().strip()).get("head").asText()).isEqualTo("ensemble");
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            JsonNode manifest = Json.mapper().readTree(zip.getInputStream(zip.getEntry(BundleFiles.MANIFEST)));
            assertThat(manifest.get("format_version").asInt()).isEqualTo(BundleFiles.ENSEMBLE_VERSION);
            assertThat(manifest.at("/members/0/head").asText()).isEqualTo("naive-cat");
            assertThat(manifest.at("/members/1/entry").asText()).isEqualTo("heads/1/");
            assertThat(zip.getEntry("heads/1/" + FusionModel.PARAMETERS_FILE)).isNotNull();
        }
        Map<String, float[]> expected = new HashMap<>();
        Map<String, float[]> catAll = predictions(cat, true);
        Map<String, float[]> cmacAll = predictions(cmac, true);
        catAll.forEach((id, p) -> expected.put(id, new float[] {(p[0] + cmacAll.get(id)[0]) / 2,
                (p[1] + cmacAll.get(id)[1]) / 2, (p[2] + cmacAll.get(id)[2]) / 2}));
        assertPredicts(bundle, expected);

        Path otherSplit = train("fusion.head=naive-cat", "seed=99");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ensemble.evaluate(List.of(cat, otherSplit),
                RunEnsemble.Part.VALIDATION))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("ensemble members " + cat + " and " + otherSplit + " evaluate different pairs");
        // another text setting: the member brings its own text encoder, and the bundle still predicts the mean
        Path otherText = tmp.resolve("other-text");
        RunFiles.copyTree(cmac, otherText);
        Path config = otherText.resolve("config.yaml");
        String stored = Files.readString(config);
        assertThat(stored).contains("max_length: 128", "prefix: auto");
        Files.writeString(config, stored.replace("max_length: 128", "max_length: 64")
                .replace("prefix: auto", "prefix: 'review: '"));
        // a third member on the same other setting shares that member's text encoder
        Path sameOther = tmp.resolve("same-other");
        RunFiles.copyTree(otherText, sameOther);
        Path mixed = tmp.resolve("mixed.zip");
        CliRunner.Result exportMixed = CliRunner.run("export", cat.toString(), otherText.toString(),
                sameOther.toString(), "--out", mixed.toString(), "--json");
        assertThat(exportMixed.exitCode()).as(exportMixed.err()).isZero();
        try (ZipFile zip = new ZipFile(mixed.toFile())) {
            JsonNode manifest = Json.mapper().readTree(zip.getInputStream(zip.getEntry(BundleFiles.MANIFEST)));
            assertThat(manifest.get("format_version").asInt()).isEqualTo(BundleFiles.MIXED_VERSION);
            assertThat(manifest.at("/members/0/text").isMissingNode()).as("member 0 reads the bundle's").isTrue();
            assertThat(manifest.at("/members/1/text/graph").asText()).isEqualTo("texts/1/graph.sd");
            assertThat(manifest.at("/members/1/text/settings/maxLength").asInt()).isEqualTo(64);
            assertThat(manifest.at("/text/settings/maxLength").asInt()).isEqualTo(128);
            assertThat(manifest.at("/members/2/text/graph").asText()).isEqualTo("texts/1/graph.sd");
            assertThat(zip.getEntry("texts/1/graph.sd")).isNotNull();
            assertThat(zip.getEntry("texts/2/graph.sd")).isNull();
        }
        Map<String, float[]> shortAll = predictions(otherText, true);
        assertThat(shortAll.keySet().stream().anyMatch(id -> Math.abs(shortAll.get(id)[0] - cmacAll.get(id)[0]) > 1e-4))
                .as("the other text settings change the features the head sees").isTrue();
        Map<String, float[]> mixedExpected = new HashMap<>();
        catAll.forEach((id, a) -> {
            float[] b = shortAll.get(id);
            mixedExpected.put(id, new float[] {(a[0] + 2 * b[0]) / 3, (a[1] + 2 * b[1]) / 3, (a[2] + 2 * b[2]) / 3});
        });
        assertPredicts(mixed, mixedExpected);

        Path otherImage = tmp.resolve("other-image");
        RunFiles.copyTree(cmac, otherImage);
        Path imageConfig = otherImage.resolve("config.yaml");
        String imageStored = Files.readString(imageConfig);
        assertThat(imageStored).contains("resize_shorter: 256");
        Files.writeString(imageConfig, imageStored.replace("resize_shorter: 256", "resize_shorter: 288"));
        CliRunner.Result refused = CliRunner.run("export", cat.toString(), otherImage.toString(), "--out",
                tmp.resolve("refused.zip").toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("ensemble members " + cat + " and " + otherImage + " use different image.*");
    }

    /**
     * {@code predict --data FIXTURE} with {@code bundle} gives {@code expected}'s probabilities (pair id to the three
     * class probabilities) within 1e-5 for every pair, and predicts every pair.
     */
    static void assertPredicts(Path bundle, Map<String, float[]> expected) throws Exception {
        CliRunner.Result predict = CliRunner.run("predict", "--model", bundle.toString(), "--data",
                BundleRoundTripTest.FIXTURE.toString(), "--json");
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        String[] labels = {"negative", "neutral", "positive"};
        int seen = 0;
        for (String line : predict.out().lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode n = Json.mapper().readTree(line);
            float[] e = expected.get(n.get("id").asText());
            for (int c = 0; c < 3; c++) {
                assertThat(n.at("/probabilities/" + labels[c]).asDouble()).as(line).isCloseTo(e[c], within(1e-5));
            }
            seen++;
        }
        assertThat(seen).isEqualTo(expected.size());
    }

    private Path train(String... sets) throws Exception {
        List<String> all = new ArrayList<>(List.of("training.epochs=2"));
        all.addAll(List.of(sets));
        return BundleRoundTripTest.train(tmp.resolve("runs"), "experiments/smoke/fixture.yaml",
                all.toArray(String[]::new));
    }

    private static JsonNode report(Path run) {
        return Json.read(run.resolve("report.json"), JsonNode.class);
    }

    /** The run's saved model's probabilities on its validation part, or on train and validation. */
    static Map<String, float[]> predictions(Path run, boolean withTrain) {
        ExperimentConfig config = ConfigLoader.load(run.resolve("config.yaml"), List.of());
        FusionModel model = FusionModel.load(run.resolve(TrainingService.MODEL_DIR));
        FeatureSplits splits = new CacheFeatureProvider().load(config, model.inputs());
        List<FeatureSet> parts = withTrain ? List.of(splits.train(), splits.validation()) : List.of(splits.validation());
        Map<String, float[]> out = new HashMap<>();
        for (FeatureSet part : parts) {
            Evaluation e = Evaluation.of(model, new FeatureBatches(part, model.inputs(), Seeds.of(0)), 64);
            for (int i = 0; i < e.ids().size(); i++) {
                out.put(e.ids().get(i), e.probabilities()[i]);
            }
        }
        return out;
    }
}
