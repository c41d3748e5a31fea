package io.sentifuse.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.encoder.NsfwjsTarball;
import io.sentifuse.encoder.SharedImageModels;
import io.sentifuse.encoder.face.FaceFeatures;
import io.sentifuse.encoder.tfjs.NpmTarball;
import io.sentifuse.files.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code image.faces: emotion} end to end on the fixture: the run trains on the CNN's features with the face vector
 * joined (its store recorded in provenance), and what cannot carry the face models yet refuses it by key.
 */
class FaceFeaturesRunTest {

    @TempDir
    Path tmp;

    @Test
    void aRunReadsTheJoinedFaceVectorAndExportAndFineTuningRefuseIt() throws Exception {
        NsfwjsTarball.assumeObtainable(SharedImageModels.cacheRoot());
        NsfwjsTarball.assumeObtainable(SharedImageModels.cacheRoot(), NpmTarball.HUMAN);
        Path run = BundleRoundTripTest.train(tmp.resolve("runs"), "experiments/smoke/fixture.yaml",
                "fusion.head=naive-combine", "image.faces=emotion", "training.epochs=2");
        JsonNode image = Json.mapper().readTree(run.resolve("provenance.json").toFile()).findValue("image_features");
        JsonNode faces = image.path("joined");
        assertThat(faces.path("dim").asInt()).isEqualTo(FaceFeatures.DIM);
        assertThat(faces.path("store").asText()).contains("face-");
        assertThat(image.path("dim").asInt()).isEqualTo(1280 + FaceFeatures.DIM);
        assertThat(image.path("key").asText()).endsWith("+" + faces.path("key").asText());

        CliRunner.Result export = CliRunner.run("export", run.toString(), "--out", tmp.resolve("m.zip").toString());
        assertThat(export.exitCode()).as(export.err()).isEqualTo(2);
        assertThat(export.err()).contains("image.faces: emotion runs cannot be exported yet");

        CliRunner.Result finetune = CliRunner.run("train", "experiments/smoke/finetune.yaml", "--set",
                BundleRoundTripTest.CACHE, "--set", "output.runs_dir=" + tmp.resolve("ft"), "--set", "image.faces=emotion");
        assertThat(finetune.exitCode()).as(finetune.err()).isEqualTo(2);
        assertThat(finetune.err()).contains("image.faces is for frozen-feature training");
        assertThat(List.of(tmp.resolve("m.zip"), tmp.resolve("ft")).stream().noneMatch(p -> p.toFile().exists()))
                .as("nothing written").isTrue();
    }
}
