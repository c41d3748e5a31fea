package io.sentifuse.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.files.Json;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code text.layers}: a run on token states averaged over MiniLM's last two layers reads its own text store, and its
 * bundle carries the rewritten graph and the setting, so {@code predict} gives the trained model's probabilities
 * (the last layer's states would not).
 */
class TextLayersBundleTest {

    @TempDir
    Path tmp;

    @Test
    void aRunOnAveragedLayersExportsAndPredictsAsTrained() throws Exception {
        Path run = BundleRoundTripTest.train(tmp.resolve("runs"), "experiments/smoke/fixture.yaml",
                "training.epochs=2", "fusion.head=naive-combine", "text.layers=[-1, -2]");
        JsonNode provenance = Json.read(run.resolve("provenance.json"), JsonNode.class);
        assertThat(provenance.at("/text_features/model").asText()).endsWith("@layers=-1,-2-v1");
        Path bundle = tmp.resolve("layers.zip");
        CliRunner.Result export = CliRunner.run("export", run.toString(), "--out", bundle.toString(), "--json");
        assertThat(export.exitCode()).as(export.err()).isZero();
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            JsonNode manifest = Json.mapper().readTree(zip.getInputStream(zip.getEntry(BundleFiles.MANIFEST)));
            assertThat(manifest.at("/text/settings/layers").toString()).isEqualTo("[-1,-2]");
            // builds before text.layers refuse the bundle by its version instead of failing on an unknown setting
            assertThat(manifest.get("format_version").asInt()).isEqualTo(BundleFiles.ENCODER_OPTIONS_VERSION);
        }
        EnsembleBundleTest.assertPredicts(bundle, EnsembleBundleTest.predictions(run, true));
    }

    @Test
    void aBadLayerListIsRefusedBeforeAnythingTrains() {
        CliRunner.Result r = CliRunner.run("train", "experiments/smoke/fixture.yaml", "--set", BundleRoundTripTest.CACHE,
                "--set", "output.runs_dir=" + tmp.resolve("runs"), "--set", "text.layers=[-1, 0]");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("text.layers: 0 is not a layer number; expected 1..N from the first layer or -1..-N"
                + " from the last");
        assertThat(tmp.resolve("runs")).doesNotExist();
        // the range needs the model: refused when the text store is prepared, still as a user error
        CliRunner.Result range = CliRunner.run("train", "experiments/smoke/fixture.yaml", "--set",
                BundleRoundTripTest.CACHE, "--set", "output.runs_dir=" + tmp.resolve("runs2"), "--set",
                "text.layers=[-1, -9]");
        assertThat(range.exitCode()).as(range.err()).isEqualTo(2);
        assertThat(range.err()).contains("text.layers: layer -9 is out of range; classpath:/all-minilm-l6-v2.onnx has 6"
                + " layers (1..6 or -1..-6)");
    }
}
