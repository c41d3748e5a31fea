package io.sentifuse.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cache.CacheRoot;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.data.CheckedDataset;
import io.sentifuse.data.stream.PairBatch;
import io.sentifuse.data.stream.PairStream;
import io.sentifuse.eval.Evaluation;
import io.sentifuse.features.FeatureBatches;
import io.sentifuse.features.FeatureSet;
import io.sentifuse.features.FeatureSplits;
import io.sentifuse.features.store.CacheFeatureProvider;
import io.sentifuse.files.Json;
import io.sentifuse.finetune.FineTuneModel;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.model.BatchSource;
import io.sentifuse.model.TrainableModel;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.train.TrainingService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Train on the committed fixture, export, predict in a new process whose cache folder is empty: the bundle's
 * probabilities equal the in-memory model's within 1e-5 for every pair, for a frozen-feature model (cmac, an
 * attention head) and for a fine-tuned one (MiniLM tuned, whose tuned graph export verifies against ONNX Runtime).
 * The fixture's truncated JPEG (pair 23) is skipped and listed by predict, and stops it with --strict.
 */
class BundleRoundTripTest {

    static final String CACHE = "output.cache_dir=target/test-cache";
    static final Path FIXTURE = Path.of("datasets/fixture/mvsa-single");

    @TempDir
    Path tmp;

    @Test
    void aFrozenModelPredictsTheSameInANewProcessWithoutTheCaches() throws Exception {
        Path run = train("experiments/smoke/fixture.yaml", "fusion.head=cmac", "training.epochs=3");
        ExperimentConfig config = ConfigLoader.load(run.resolve("config.yaml"), List.of());
        FusionModel model = FusionModel.load(run.resolve(TrainingService.MODEL_DIR));
        FeatureSplits splits = new CacheFeatureProvider().load(config, model.inputs());
        Map<String, float[]> expected = new HashMap<>();
        for (FeatureSet part : List.of(splits.train(), splits.validation())) {
            Evaluation e = Evaluation.of(model, new FeatureBatches(part, model.inputs(), Seeds.of(0)), 64);
            for (int i = 0; i < e.ids().size(); i++) {
                expected.put(e.ids().get(i), e.probabilities()[i]);
            }
        }
        Path bundle = export(run);
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(bundle.toFile())) {
            // a single model stays format version 1, which builds before ensembles read
            assertThat(Json.mapper().readTree(zip.getInputStream(zip.getEntry(BundleFiles.MANIFEST)))
                    .get("format_version").asInt()).isEqualTo(BundleFiles.SINGLE_VERSION);
        }
        Child child = predictInNewProcess(bundle, false);
        assertThat(child.exit).as(child.err).isZero();
        assertThat(child.err).contains("skipped " + FIXTURE.resolve("data/23.jpg") + " (pair 23): truncated JPEG")
                .contains("22 pairs predicted, 1 skipped");
        assertSame(expected, child.predictions, 22);
        JsonNode any = child.predictions.get(expected.keySet().iterator().next());
        assertThat(any.at("/attention/regions")).hasSize(7);
        assertThat(any.at("/attention/regions/0")).hasSize(7);
        double tokenSum = 0;
        for (JsonNode t : any.at("/attention/tokens")) {
            tokenSum += t.get("weight").asDouble();
        }
        assertThat(tokenSum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(any.at("/attention/tokens/0/token").asText()).isEqualTo("[CLS]");

        Child strict = predictInNewProcess(bundle, true);
        assertThat(strict.exit).isEqualTo(2);
        assertThat(strict.err).contains("(pair 23): truncated JPEG").contains("--strict stops at the first problem");
    }

    /**
     * {@code image}: the bundle's image graph is translated with variables to take the tuned weights, while a frozen
     * run's has constants ({@code ImageEncoder.INFERENCE_WEIGHTS}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"text", "image"})
    void aFineTunedModelPredictsTheSameInANewProcessWithoutTheCaches(String tuned) throws Exception {
        Path run = train("experiments/smoke/finetune.yaml", "training.finetune=" + tuned, "fusion.head=naive-cat");
        ExperimentConfig config = ConfigLoader.load(run.resolve("config.yaml"), List.of());
        Map<String, float[]> expected = new HashMap<>();
        FineTuneModel model = FineTuneModel.load(run.resolve(TrainingService.MODEL_DIR),
                CacheRoot.resolve(config.output().cacheDir()));
        CheckedDataset data = CheckedDataset.read(config.data());
        try (PairStream stream = PairStream.builder(data.reader(), model.tokenizer(), model.transform())
                .maxLength(config.text().maxLength()).build()) {
            Iterator<PairBatch> it = stream.pass(4, BatchSource.IN_ORDER);
            while (it.hasNext()) {
                try (PairBatch b = it.next()) {
                    TrainableModel.Predictions p = model.predict(b);
                    for (int i = 0; i < b.size(); i++) {
                        expected.put(b.ids()[i], p.probabilities()[i]);
                    }
                }
            }
        }
        Path bundle = export(run);
        JsonNode manifest = Json.mapper().readTree(new java.util.zip.ZipFile(bundle.toFile()).getInputStream(
                new java.util.zip.ZipFile(bundle.toFile()).getEntry(BundleFiles.MANIFEST)));
        String frozen = tuned.equals("text") ? "image" : "text";
        assertThat(manifest.at("/" + tuned + "/tuned").asBoolean()).isTrue();
        assertThat(manifest.at("/" + tuned + "/verification/verified").asBoolean()).isTrue();
        assertThat(manifest.at("/" + frozen + "/tuned").asBoolean()).isFalse();
        Child child = predictInNewProcess(bundle, false);
        assertThat(child.exit).as(child.err).isZero();
        assertSame(expected, child.predictions, 22);
    }

    private Path train(String experiment, String... sets) throws Exception {
        return train(tmp.resolve("runs"), experiment, sets);
    }

    /** {@code train EXPERIMENT --json} into {@code runs} with the test cache and {@code sets}; its run folder. */
    static Path train(Path runs, String experiment, String... sets) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", experiment, "--set", CACHE, "--set",
                "output.runs_dir=" + runs, "--json"));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        CliRunner.Result r = CliRunner.run(args.toArray(new String[0]));
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().strip().lines().toList();
        return Path.of(Json.mapper().readTree(lines.get(lines.size() - 1)).get("run_dir").asText());
    }

    private Path export(Path run) {
        Path bundle = tmp.resolve("model-" + run.getFileName() + ".zip");
        CliRunner.Result r = CliRunner.run("export", run.toString(), "--out", bundle.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(bundle).isRegularFile();
        return bundle;
    }

    private record Child(int exit, String err, Map<String, JsonNode> predictions) {
    }

    /** {@code predict --data FIXTURE --json} in a child JVM whose cache folder is empty. */
    private Child predictInNewProcess(Path bundle, boolean strict) throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-cache-" + System.nanoTime()));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx2g", "-cp", System.getProperty("java.class.path"), "io.sentifuse.cli.Main",
                "predict", "--model", bundle.toString(), "--data", FIXTURE.toString(), "--json"));
        if (strict) {
            command.add("--strict");
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put(CacheRoot.ENV, empty.toString());
        Path out = tmp.resolve("child-" + System.nanoTime() + ".out");
        Path err = tmp.resolve("child-" + System.nanoTime() + ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("predict finished").isTrue();
        Map<String, JsonNode> predictions = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            if (line.startsWith("{")) {
                JsonNode n = Json.mapper().readTree(line);
                predictions.put(n.get("id").asText(), n);
            }
        }
        try (var s = Files.list(empty)) {
            assertThat(s.count()).as("the bundle needed nothing from the cache folder").isZero();
        }
        return new Child(p.exitValue(), Files.readString(err), predictions);
    }

    private static void assertSame(Map<String, float[]> expected, Map<String, JsonNode> actual, int pairs) {
        assertThat(expected).hasSize(pairs);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        String[] labels = {"negative", "neutral", "positive"};
        double worst = 0;
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            JsonNode probs = actual.get(e.getKey()).get("probabilities");
            for (int c = 0; c < 3; c++) {
                worst = Math.max(worst, Math.abs(probs.get(labels[c]).asDouble() - e.getValue()[c]));
            }
        }
        assertThat(worst).as("largest difference of a probability").isLessThanOrEqualTo(1e-5);
    }
}
