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
 * {@code image.layer} and {@code image.tta}: a run on flip-averaged features of an earlier MobileNetV2 layer reads a
 * store of that layer's width, and its bundle carries the cut graph and the augmentation, so {@code predict} gives
 * the trained model's probabilities (features without the flip, or of the whole model, would not).
 */
class ImageLayerBundleTest {

    @TempDir
    Path tmp;

    @Test
    void aRunOnAnEarlierLayerExportsAndPredictsAsTrained() throws Exception {
        Path run = BundleRoundTripTest.train(tmp.resolve("runs"), "experiments/smoke/fixture.yaml",
                "training.epochs=2", "fusion.head=naive-combine", "image.layer=block_16_project_BN", "image.tta=flip");
        JsonNode provenance = Json.read(run.resolve("provenance.json"), JsonNode.class);
        assertThat(provenance.at("/image_features/dim").asInt()).isEqualTo(320);
        assertThat(provenance.at("/image_features/model").asText())
                .isEqualTo("nsfwjs@4.4.0 MobileNetV2 at block_16_project_BN, flip-averaged");
        Path bundle = tmp.resolve("layer.zip");
        CliRunner.Result export = CliRunner.run("export", run.toString(), "--out", bundle.toString(), "--json");
        assertThat(export.exitCode()).as(export.err()).isZero();
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            JsonNode manifest = Json.mapper().readTree(zip.getInputStream(zip.getEntry(BundleFiles.MANIFEST)));
            assertThat(manifest.get("format_version").asInt()).isEqualTo(BundleFiles.ENCODER_OPTIONS_VERSION);
            assertThat(manifest.at("/image/settings/layer").asText()).isEqualTo("block_16_project_BN");
            assertThat(manifest.at("/image/settings/tta").asText()).isEqualTo("FLIP");
            assertThat(manifest.at("/dims/imageDim").asInt()).isEqualTo(320);
        }
        EnsembleBundleTest.assertPredicts(bundle, EnsembleBundleTest.predictions(run, true));
    }

    @Test
    void flipAveragingIsRefusedWhereTheCnnTrainsInTheGraph() {
        CliRunner.Result r = CliRunner.run("train", "experiments/smoke/finetune.yaml", "--set", BundleRoundTripTest.CACHE,
                "--set", "output.runs_dir=" + tmp.resolve("runs"), "--set", "training.finetune=both", "--set",
                "image.tta=flip");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("image.tta: flip averages frozen image features; with training.finetune: both the "
                + "CNN trains in the graph");
        assertThat(tmp.resolve("runs")).doesNotExist();
    }
}
