package io.sentifuse.encoder.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sentifuse.encoder.image.OrtImageRunner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import onnx.Onnx.ModelProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The less common layers and file layouts of the converter, each against hand-computed values. */
class TfjsLayerCoverageTest {

    private static float[] run(ModelProto model, float[] nchw, int size, String output) {
        try (OrtImageRunner ort = new OrtImageRunner(model, TfjsToOnnx.INPUT, 1)) {
            return ort.run(nchw, 1, size, List.of(output)).get(output);
        }
    }

    @Test
    void separableConvIsDepthwiseThenPointwiseWithBias() {
        // depthwise 1x1: channel 0 x2, channel 1 x3; pointwise: out = 1 * a + 10 * b + bias 0.5.
        TinyTfjs m = new TinyTfjs(1, 1, 2)
                .layer("SeparableConv2D", "sep", "{\"filters\":1,\"kernel_size\":[1,1],\"padding\":\"same\","
                        + "\"depth_multiplier\":1,\"use_bias\":true,\"activation\":\"linear\"}")
                .weight("sep/depthwise_kernel", new float[] {2, 3}, 1, 1, 2, 1)
                .weight("sep/pointwise_kernel", new float[] {1, 10}, 1, 1, 2, 1)
                .weight("sep/bias", new float[] {0.5f}, 1);
        assertThat(run(TfjsToOnnx.convert(m.build(), 0), new float[] {1, 4}, 1, "sep")).containsExactly(2 + 120 + 0.5f);
    }

    @Test
    void reshapeToAnImageKeepsKerasElementOrder() {
        // [2,2,2] -> flatten (Keras order) -> reshape back to [2,2,2] -> flatten again: the identity on 0..7.
        TinyTfjs m = new TinyTfjs(2, 2, 2)
                .layer("Flatten", "f1", "{}")
                .layer("Reshape", "r", "{\"target_shape\":[2,2,-1]}")
                .layer("Conv2D", "conv", "{\"filters\":2,\"kernel_size\":[1,1],\"use_bias\":false}")
                .layer("Flatten", "f2", "{}")
                .weight("conv/kernel", new float[] {1, 0, 0, 1}, 1, 1, 2, 2);
        float[] nhwc = {0, 1, 2, 3, 4, 5, 6, 7};
        assertThat(run(TfjsToOnnx.convert(m.build(), 0), TinyTfjs.toNchw(nhwc, 2, 2, 2), 2, "f2"))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void globalMaxPoolingAndMergeLayers() {
        TinyTfjs m = new TinyTfjs(2, 2, 1)
                .layer("GlobalMaxPooling2D", "gmp", "{}", "input_1")
                .layer("GlobalAveragePooling2D", "gap", "{}", "input_1")
                .layer("Subtract", "sub", "{}", "gmp", "gap")
                .layer("Multiply", "mul", "{}", "sub", "gmp")
                .layer("Average", "avg", "{}", "mul", "gap");
        // values 1, 2, 3, 6: max 6, mean 3; (6 - 3) * 6 = 18; (18 + 3) / 2 = 10.5.
        assertThat(run(TfjsToOnnx.convert(m.build(), 0), new float[] {1, 2, 3, 6}, 2, "avg")).containsExactly(10.5f);
    }

    @Test
    void activationsOnImagesApplyOverChannels() {
        TinyTfjs m = new TinyTfjs(1, 1, 2)
                .layer("Activation", "soft", "{\"activation\":\"softmax\"}")
                .layer("Activation", "swish", "{\"activation\":\"swish\"}")
                .layer("Activation", "hs", "{\"activation\":\"hard_sigmoid\"}");
        // One pixel, channels (1, 3): softmax over the channels, then swish, then Keras's hard sigmoid.
        float[] out = run(TfjsToOnnx.convert(m.build(), 0), new float[] {1, 3}, 1, "hs");
        double s = 1 / (1 + Math.exp(2));
        double[] soft = {s, 1 - s};
        for (int i = 0; i < 2; i++) {
            double swish = soft[i] / (1 + Math.exp(-soft[i]));
            assertThat((double) out[i]).isCloseTo(Math.min(1, Math.max(0, 0.2 * swish + 0.5)), within(1e-6));
        }
    }

    @Test
    void sequentialModelsAndModelFoldersAreRead(@TempDir Path dir) throws Exception {
        String json = "{\"modelTopology\":{\"model_config\":{\"class_name\":\"Sequential\",\"config\":{\"name\":\"s\","
                + "\"layers\":[{\"class_name\":\"Dense\",\"config\":{\"name\":\"d\",\"units\":1,\"use_bias\":false,"
                + "\"activation\":\"relu\",\"batch_input_shape\":[null,2,2,1]}}]}}},"
                + "\"weightsManifest\":[{\"paths\":[\"w.bin\"],\"weights\":[{\"name\":\"d/kernel\",\"shape\":[1,1],"
                + "\"dtype\":\"float32\"}]}]}";
        Files.writeString(dir.resolve("model.json"), json);
        Files.write(dir.resolve("w.bin"), ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(-2f).array());
        TfjsArtifacts artifacts = TfjsArtifacts.fromPath(dir);
        // Dense on a [H, W, C] input is refused: Keras would apply it per pixel, which this converter does not do.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TfjsToOnnx.convert(artifacts, 0))
                .hasMessage(dir + ": layer 'd' (Dense): Dense on a [H, W, C] input is not supported (add a Flatten "
                        + "before it)");
        KerasTopology topology = KerasTopology.parse("s", artifacts.topology());
        assertThat(topology.layers()).extracting(KerasLayer::name).containsExactly("d_input", "d");
        assertThat(topology.outputs()).containsExactly("d");
    }
}
