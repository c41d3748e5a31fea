package io.sentifuse.encoder.face;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.encoder.NsfwjsTarball;
import io.sentifuse.encoder.SharedImageModels;
import io.sentifuse.encoder.VerifiedGraph;
import io.sentifuse.encoder.image.NsfwjsReference;
import io.sentifuse.encoder.tfjs.HumanModel;
import io.sentifuse.encoder.tfjs.NpmTarball;
import io.sentifuse.encoder.tfjs.TfjsToOnnx;
import io.sentifuse.files.Json;
import io.sentifuse.image.RgbImage;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The face models converted from TF.js graph models and translated to SameDiff give TF.js's own outputs
 * ({@code src/test/node/human-reference.js}: pure-JS TensorFlow.js, CPU backend) on the same inputs, and matched
 * ONNX Runtime when they were verified.
 */
class FaceModelsTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FaceModelsTest.class);

    /** Per unit of the output's largest magnitude, as import verification measures. */
    private static final double TOLERANCE = 1e-4;

    @Test
    void convertedModelsGiveTfjsOutputs() throws Exception {
        NsfwjsTarball.assumeObtainable(SharedImageModels.cacheRoot(), NpmTarball.HUMAN);
        JsonNode ref;
        try (InputStream in = getClass().getResourceAsStream("/io/sentifuse/encoder/tfjs/human-reference.json")) {
            ref = Json.mapper().readTree(in);
        }
        RgbImage ppm = NsfwjsReference.mobileNetV2().stream().filter(i -> i.file().equals(ref.path("ppm").asText()))
                .findFirst().orElseThrow().image();
        for (HumanModel model : HumanModel.values()) {
            VerifiedGraph g = FaceModels.obtain(SharedImageModels.cacheRoot(), model).get(0);
            assertThat(g.entry().verification().verified()).as(model + " against ONNX Runtime").isTrue();
            int s = model.inputSize();
            int c = model == HumanModel.EMOTION ? 1 : 3;
            JsonNode cases = ref.path("models").path(model == HumanModel.EMOTION ? "emotion" : "blazeface");
            assertThat(cases.size()).isEqualTo(2);
            for (JsonNode kase : cases) {
                int pattern = kase.path("pattern").asInt();
                INDArray x = Nd4j.create(input(pattern, s, c, ppm), new long[] {1, s, s, c}, 'c').permute(0, 3, 1, 2)
                        .dup('c');
                Map<String, String> outs = g.entry().outputs();
                Map<String, INDArray> res = g.sd().output(Map.of(g.entry().inputs().get(TfjsToOnnx.INPUT), x),
                        outs.values().toArray(new String[0]));
                x.close();
                assertThat(outs.keySet()).containsExactlyInAnyOrderElementsOf(() -> kase.path("outputs").fieldNames());
                for (Map.Entry<String, String> o : outs.entrySet()) {
                    JsonNode expected = kase.path("outputs").path(o.getKey());
                    float[] ours = res.get(o.getValue()).dup('c').data().asFloat();
                    JsonNode values = expected.path("values");
                    assertThat(ours).as(model + " " + o.getKey()).hasSize(values.size());
                    double max = 0;
                    double diff = 0;
                    for (int i = 0; i < ours.length; i++) {
                        max = Math.max(max, Math.abs(values.get(i).asDouble()));
                        diff = Math.max(diff, Math.abs(ours[i] - values.get(i).asDouble()));
                    }
                    LOG.info("{} {} pattern {}: max |diff| {} against TF.js (largest |value| {})", model, o.getKey(),
                            pattern, diff, max);
                    assertThat(diff).as(model + " " + o.getKey() + " pattern " + pattern + " (largest |value| " + max + ")")
                            .isLessThanOrEqualTo(TOLERANCE * Math.max(1, max));
                }
            }
            g.releaseSessions();
        }
    }

    /** The inputs of human-reference.js, NHWC: a synthetic pattern (0) or the PPM by nearest neighbour (1). */
    static float[] input(int pattern, int s, int c, RgbImage ppm) {
        float[] x = new float[s * s * c];
        for (int h = 0; h < s; h++) {
            for (int w = 0; w < s; w++) {
                for (int k = 0; k < c; k++) {
                    double v;
                    if (pattern == 0) {
                        v = 0.9 * Math.sin(0.031 * h * (k + 1) + 0.017 * w) * Math.cos(0.023 * w * (2 - k) - 0.011 * h);
                    } else {
                        int sy = (int) Math.floor((double) h * ppm.height() / s);
                        int sx = (int) Math.floor((double) w * ppm.width() / s);
                        double unit = c == 1 ? (0.2989 * ppm.get(sx, sy, 0) + 0.587 * ppm.get(sx, sy, 1)
                                + 0.114 * ppm.get(sx, sy, 2)) / 255 : ppm.get(sx, sy, k) / 255.0;
                        v = unit * 2 - 1;
                    }
                    x[(h * s + w) * c + k] = (float) v;
                }
            }
        }
        return x;
    }
}
