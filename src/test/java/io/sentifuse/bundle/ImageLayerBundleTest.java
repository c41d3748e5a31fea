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
 * {@code image.layer}: a run on features of an earlier MobileNetV2 layer reads a store of that layer's width,
 * and its bundle carries the cut graph, so {@code predict} gives the trained model's probabilities.
 */
class ImageLayerBundleTest {

    @TempDir
    Path tmp;

    @Test
    void aRunOnAnEarlierLayerExportsAndPredictsAsTrained() throws Exception {
        Path run = BundleRoundTripTest.train(tmp.resolve("runs"), "experiments/smoke/fixture.yaml",
                "training.epochs=2", "fusion.head=naive-combine", "image.layer=block_16_project_BN");
        JsonNode provenance = Json.read(run.resolve("provenance.json"), JsonNode.class);
        assertThat(provenance.at("/image_features/dim").asInt()).isEqualTo(320);
        assertThat(provenance.at("/image_features/model").asText())
                .isEqualTo("nsfwjs@4.4.0 MobileNetV2 at block_16_project_BN");
        Path bundle = tmp.resolve("layer.zip");
        CliRunner.Result export = CliRunner.run("export", run.toString(), "--out", bundle.toString(), "--json");
        assertThat(export.exitCode()).as(export.err()).isZero();
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            JsonNode manifest = Json.mapper().readTree(zip.getInputStream(zip.getEntry(BundleFiles.MANIFEST)));
            assertThat(manifest.at("/image/settings/layer").asText()).isEqualTo("block_16_project_BN");
            assertThat(manifest.at("/dims/imageDim").asInt()).isEqualTo(320);
        }
        EnsembleBundleTest.assertPredicts(bundle, EnsembleBundleTest.predictions(run, true));
    }
}
