package io.sentifuse.encoder.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.encoder.NsfwjsTarball;
import io.sentifuse.encoder.SharedImageModels;
import io.sentifuse.encoder.tfjs.NsfwjsModel;
import io.sentifuse.image.ImagePreset;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.ImageTransforms;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The converted nsfwjs models on ONNX Runtime against nsfwjs itself (TF.js, CPU) on identical pixels. The
 * tarball comes from the build's test cache (npm pack on first use); without npm or its registry the tests skip,
 * naming what is missing.
 */
class NsfwjsModelsTest {

    private static final Logger LOG = LoggerFactory.getLogger(NsfwjsModelsTest.class);

    /** From the build's test cache, never the user's; skips only when the tarball cannot be had. */
    private static PreparedImageModel load(NsfwjsModel which) {
        NsfwjsTarball.assumeObtainable(SharedImageModels.cacheRoot());
        return DefaultImageModel.load(SharedImageModels.cacheRoot(), which);
    }

    @Test
    void mobileNetV2MatchesNsfwjsProbabilitiesAndFeatures() {
        PreparedImageModel model = load(NsfwjsModel.MOBILENET_V2);
        ImageModelSpec spec = model.spec();
        assertThat(spec).isEqualTo(new ImageModelSpec("input", 224, "flatten_1", 1280, "out_relu", 1280, 7, 7,
                "dense_3", 5, ImagePreset.NSFWJS_MOBILENET_V2));
        assertThat(spec.regions()).isEqualTo(49);
        ImageTransform transform = ImageTransforms.create(spec.preset().spec());
        try (OrtImageRunner ort = new OrtImageRunner(model.model(), spec.input(), 2)) {
            NsfwjsReference.Comparison c = NsfwjsReference.compare(ort, spec, transform);
            LOG.info("MobileNetV2 on ONNX Runtime vs nsfwjs: max |prob diff| {} over {} images", c.maxProbDiff(),
                    c.images());
            assertThat(c.images()).isEqualTo(13);
            assertThat(c.maxProbDiff()).isLessThanOrEqualTo(1e-3);
            // One batch of all images gives the same per-image probabilities.
            NsfwjsReference.Comparison batched = NsfwjsReference.compareBatch(ort, spec, transform);
            assertThat(batched.images()).isEqualTo(13);
            for (int i = 0; i < 13; i++) {
                assertThat(batched.perImage().get(i)).isCloseTo(c.perImage().get(i),
                        org.assertj.core.api.Assertions.within(1e-6));
            }

            // All 13 images in one batch: the 1280-d features against nsfwjs's flatten_1 endpoint.
            List<NsfwjsReference.Item> items = NsfwjsReference.mobileNetV2();
            int n = items.size();
            int per = 3 * 224 * 224;
            float[] batch = new float[n * per];
            for (int i = 0; i < n; i++) {
                System.arraycopy(transform.apply(items.get(i).image()), 0, batch, i * per, per);
            }
            Map<String, float[]> out = ort.run(batch, n, 224, List.of(spec.pooled(), spec.spatial(), "dense_3"));
            assertThat(out.get(spec.spatial())).hasSize(n * 1280 * 49);
            JsonNode features = NsfwjsReference.readJson("/io/sentifuse/encoder/image/nsfwjs-features.json")
                    .path("images");
            double maxFeatureDiff = 0;
            double maxFeature = 0;
            for (int i = 0; i < n; i++) {
                JsonNode ref = features.get(i);
                assertThat(ref.path("file").asText()).isEqualTo(items.get(i).file());
                for (int k = 0; k < 1280; k++) {
                    double r = ref.path("features").get(k).asDouble();
                    maxFeature = Math.max(maxFeature, Math.abs(r));
                    maxFeatureDiff = Math.max(maxFeatureDiff, Math.abs(out.get(spec.pooled())[i * 1280 + k] - r));
                }
                for (int c5 = 0; c5 < 5; c5++) {
                    assertThat(out.get("dense_3")[i * 5 + c5]).isCloseTo(items.get(i).probabilities()[c5],
                            org.assertj.core.api.Assertions.within(1e-3f));
                }
            }
            LOG.info("MobileNetV2 pooled features vs nsfwjs: max |diff| {} (largest feature {})", maxFeatureDiff,
                    maxFeature);
            assertThat(maxFeatureDiff).isLessThan(1e-4 * maxFeature);
        }
    }

    @Test
    void inceptionV3MatchesNsfwjsProbabilities() {
        PreparedImageModel model = load(NsfwjsModel.INCEPTION_V3);
        ImageModelSpec spec = model.spec();
        assertThat(spec).isEqualTo(new ImageModelSpec("input", 299, "flatten_1", 2048, "mixed10", 2048, 8, 8,
                "dense_3", 5, ImagePreset.NSFWJS_INCEPTION_V3));
        JsonNode ref = NsfwjsReference.readJson("/io/sentifuse/encoder/image/nsfwjs-inception-v3.json").path("images");
        Map<String, NsfwjsReference.Item> items = new java.util.HashMap<>();
        NsfwjsReference.mobileNetV2().forEach(i -> items.put(i.file(), i));
        ImageTransform transform = ImageTransforms.create(spec.preset().spec());
        double max = 0;
        try (OrtImageRunner ort = new OrtImageRunner(model.model(), spec.input(), 2)) {
            for (JsonNode r : ref) {
                float[] got = ort.run(transform.apply(items.get(r.path("file").asText()).image()), 1, 299,
                        List.of("dense_3")).get("dense_3");
                for (int c = 0; c < 5; c++) {
                    max = Math.max(max, Math.abs(got[c] - r.path("probabilities").get(c).asDouble()));
                }
            }
        }
        LOG.info("InceptionV3 on ONNX Runtime vs nsfwjs: max |prob diff| {} over {} images", max, ref.size());
        assertThat(ref.size()).isEqualTo(4);
        assertThat(max).isLessThanOrEqualTo(1e-3);
    }
}
