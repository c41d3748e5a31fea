package io.sentifuse.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.encoder.image.ImageModelSpec;
import io.sentifuse.encoder.image.NsfwjsReference;
import io.sentifuse.encoder.image.OrtImageRunner;
import io.sentifuse.encoder.image.PreparedImageModel;
import io.sentifuse.files.Json;
import io.sentifuse.image.ImagePreset;
import io.sentifuse.image.ImageTransform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The default image encoder (nsfwjs MobileNetV2 converted from TF.js) and {@code import --default-image}. */
class ImageEncoderTest {

    /** The reference pictures through the encoder's transform, as one batch [n, 3, 224, 224]. */
    private static INDArray pictures(ImageTransform transform, int n) {
        List<NsfwjsReference.Item> items = NsfwjsReference.mobileNetV2();
        int per = 3 * transform.size() * transform.size();
        float[] x = new float[n * per];
        for (int i = 0; i < n; i++) {
            System.arraycopy(transform.apply(items.get(i % items.size()).image()), 0, x, i * per, per);
        }
        return Nd4j.createFromArray(x).reshape(n, 3, transform.size(), transform.size());
    }

    @Test
    void encodeEqualsOnnxRuntimeWithRegionsInRowMajorOrder() {
        ImageEncoder encoder = SharedImageModels.defaultEncoder();
        ImageModelSpec spec = encoder.spec();
        assertThat(spec.pooledDim()).isEqualTo(1280);
        assertThat(List.of(spec.spatialChannels(), spec.spatialHeight(), spec.spatialWidth())).containsExactly(1280, 7, 7);
        assertThat(spec.regions()).isEqualTo(49);
        assertThat(spec.preset()).isEqualTo(ImagePreset.NSFWJS_MOBILENET_V2);
        assertThat(encoder.transform().size()).isEqualTo(224);
        assertThat(encoder.verification().verified()).isTrue();
        assertThat(encoder.verification().shapes()).containsExactly("1x3x224x224", "8x3x224x224");
        assertThat(encoder.sha256()).matches("[0-9a-f]{64}");

        int n = 5;
        INDArray x = pictures(encoder.transform(), n);
        ImageEncoder.Features f = encoder.encode(x);
        assertThat(f.pooled().shape()).containsExactly(n, 1280);
        assertThat(f.regions().shape()).containsExactly(n, 49, 1280);

        PreparedImageModel prepared = encoder.source().prepare();
        Map<String, float[]> ort;
        try (OrtImageRunner runner = new OrtImageRunner(prepared.model(), spec.input(), 2)) {
            ort = runner.run(x.data().asFloat(), n, 224, List.of(spec.pooled(), spec.spatial()));
        }
        INDArray pooled = Nd4j.createFromArray(ort.get(spec.pooled())).reshape(n, 1280);
        INDArray spatial = Nd4j.createFromArray(ort.get(spec.spatial())).reshape(n, 1280, 7, 7);
        assertThat(f.pooled().sub(pooled).amaxNumber().doubleValue()).isLessThan(1e-4);
        // Region y * 7 + x of image b is the channel vector spatial[b, :, y, x].
        double worst = 0;
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < 7; y++) {
                for (int xx = 0; xx < 7; xx++) {
                    INDArray cell = spatial.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(y),
                            NDArrayIndex.point(xx));
                    INDArray region = f.regions().get(NDArrayIndex.point(b), NDArrayIndex.point(y * 7 + xx),
                            NDArrayIndex.all());
                    worst = Math.max(worst, cell.sub(region).amaxNumber().doubleValue());
                }
            }
        }
        double scale = spatial.amaxNumber().doubleValue();
        assertThat(scale).isGreaterThan(1);
        assertThat(worst).isLessThan(1e-4 * scale);
        assertThat(f.regions().mean(1).sub(f.pooled()).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void encodeTakesAnyBatchSizeAndLeavesEarlierResultsAlone() {
        ImageEncoder encoder = SharedImageModels.defaultEncoder();
        INDArray x = pictures(encoder.transform(), 3);
        ImageEncoder.Features one = encoder.encode(x.get(NDArrayIndex.interval(0, 1)));
        INDArray kept = one.pooled().dup();
        ImageEncoder.Features three = encoder.encode(x);
        ImageEncoder.Features two = encoder.encode(x.get(NDArrayIndex.interval(1, 3)));
        assertThat(one.pooled()).isEqualTo(kept);
        assertThat(three.pooled().get(NDArrayIndex.interval(0, 1)).sub(one.pooled()).amaxNumber().doubleValue())
                .isLessThan(1e-5);
        assertThat(three.regions().get(NDArrayIndex.interval(1, 3)).sub(two.regions()).amaxNumber().doubleValue())
                .isLessThan(1e-4);
        assertThatThrownBy(() -> encoder.encode(Nd4j.zeros(1, 3, 100, 100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("images must be [batch, 3, 224, 224] as transform() makes them; got [1, 3, 100, 100]");
    }

    @Test
    void reopeningLoadsTheVerifiedGraphFromTheCache() {
        ImageEncoder first = SharedImageModels.defaultEncoder();
        try (ImageEncoder again = ImageEncoder.open(SharedImageModels.defaultSource(), SharedImageModels.defaults(),
                SharedImageModels.cacheRoot())) {
            assertThat(again.cached()).isTrue();
            assertThat(again.sha256()).isEqualTo(first.sha256());
            assertThat(again.spec()).isEqualTo(first.spec());
            assertThat(again.verification()).isEqualTo(first.verification());
            INDArray x = pictures(again.transform(), 2);
            INDArray pooled = again.encode(x).pooled();
            assertThat(pooled.sub(first.encode(x).pooled()).amaxNumber().doubleValue()).isZero();
            // close() frees the session's arrays; a later call builds them again and computes the same.
            again.close();
            assertThat(again.encode(x).pooled()).isEqualTo(pooled);
        }
    }

    @Test
    void importDefaultImagePrintsVerifiedFeaturesAndNsfwjsAgreement(@TempDir Path dir) throws Exception {
        SharedImageModels.defaultEncoder();
        Path out = dir.resolve("mobilenet.sd");
        CliRunner.Result r = CliRunner.run("import", "--default-image", "--kind", "image", "--out", out.toString(),
                "--cache-dir", SharedImageModels.cacheRoot().toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("model").asText()).isEqualTo("nsfwjs-4.4.0/mobilenet_v2");
        assertThat(json.get("kind").asText()).isEqualTo("image");
        assertThat(json.get("verified").asBoolean()).isTrue();
        assertThat(json.get("cached").asBoolean()).isTrue();
        assertThat(json.get("reference_max_prob_diff").asDouble()).isBetween(0.0, 1e-3);
        assertThat(json.get("pooled_dim").asInt()).isEqualTo(1280);
        assertThat(json.get("spatial")).extracting(JsonNode::asInt).containsExactly(1280, 7, 7);
        assertThat(json.get("regions").asInt()).isEqualTo(49);
        assertThat(json.get("cases")).extracting(JsonNode::asText).containsExactly("1x3x224x224", "8x3x224x224");
        assertThat(json.get("sha256").asText()).isEqualTo(SharedImageModels.defaultEncoder().sha256());
        assertThat(json.has("max_abs_diff") && json.has("rel_l2") && json.has("import_seconds") && json.has("ops")).isTrue();
        assertThat(SameDiff.load(out.toFile(), false).getOps()).hasSize(json.get("ops").asInt());

        CliRunner.Result wrongKind = CliRunner.run("import", "--default-image", "--kind", "text", "--out",
                out.toString(), "--cache-dir", SharedImageModels.cacheRoot().toString());
        assertThat(wrongKind.exitCode()).isEqualTo(2);
        assertThat(wrongKind.err()).contains("--default-image is an image model; use --kind image");
    }
}
