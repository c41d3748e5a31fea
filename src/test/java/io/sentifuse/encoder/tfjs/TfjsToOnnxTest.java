package io.sentifuse.encoder.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.encoder.image.FeatureLocator;
import io.sentifuse.encoder.image.FeatureTaps;
import io.sentifuse.encoder.image.OrtImageRunner;
import io.sentifuse.encoder.onnx.proto.Attributes;
import io.sentifuse.errors.UserInputException;
import java.util.List;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import org.junit.jupiter.api.Test;

class TfjsToOnnxTest {

    /** 4 x 4 single-channel image with value 10 * y + x. */
    private static float[] ramp4() {
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) {
            v[i] = 10 * (i / 4) + i % 4;
        }
        return v;
    }

    private static float[] oneHot3x3(int y, int x) {
        float[] k = new float[9];
        k[y * 3 + x] = 1;
        return k;
    }

    private static float[] run(ModelProto model, float[] nchw, int size, String output) {
        try (OrtImageRunner ort = new OrtImageRunner(model, TfjsToOnnx.INPUT, 1)) {
            return ort.run(nchw, 1, size, List.of(output)).get(output);
        }
    }

    private static NodeProto node(ModelProto m, String opType) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(opType)).findFirst().orElseThrow();
    }

    @Test
    void samePaddingWithStrideTwoPadsOnlyBottomAndRightAsTensorflow() {
        // in 4, k 3, s 2: TF pads 0 before and 1 after, so tap (0, 0) of output (i, j) reads input (2i, 2j).
        TinyTfjs m = new TinyTfjs(4, 4, 1)
                .layer("Conv2D", "conv", "{\"filters\":1,\"kernel_size\":[3,3],\"strides\":[2,2],\"padding\":\"same\","
                        + "\"use_bias\":false,\"activation\":\"linear\"}")
                .weight("conv/kernel", oneHot3x3(0, 0), 3, 3, 1, 1);
        ModelProto onnx = TfjsToOnnx.convert(m.build(), 0);
        assertThat(Attributes.of(node(onnx, "Conv")).ints("pads")).containsExactly(0, 0, 1, 1);
        assertThat(run(onnx, ramp4(), 4, "conv")).containsExactly(0, 2, 20, 22);
    }

    @Test
    void zeroPaddingIsFoldedIntoTheConvolutionPads() {
        // MobileNetV2's Conv1_pad ((0, 1), (0, 1)) then a valid 3x3/2 conv; tap (2, 2) reads padded (2i+2, 2j+2).
        TinyTfjs m = new TinyTfjs(4, 4, 1)
                .layer("ZeroPadding2D", "pad", "{\"padding\":[[0,1],[0,1]]}")
                .layer("Conv2D", "conv", "{\"filters\":1,\"kernel_size\":[3,3],\"strides\":[2,2],\"padding\":\"valid\","
                        + "\"use_bias\":true,\"activation\":\"relu\"}")
                .weight("conv/kernel", oneHot3x3(2, 2), 3, 3, 1, 1)
                .weight("conv/bias", new float[] {-1f}, 1);
        ModelProto onnx = TfjsToOnnx.convert(m.build(), 0);
        assertThat(onnx.getGraph().getNodeList()).extracting(NodeProto::getOpType).containsExactly("Conv", "Relu");
        assertThat(Attributes.of(node(onnx, "Conv")).ints("pads")).containsExactly(0, 0, 1, 1);
        assertThat(run(onnx, ramp4(), 4, "conv")).containsExactly(21, 0, 0, 0);
    }

    @Test
    void zeroPaddingBeforePoolingPadsWithZerosThroughAnIdentityConv() {
        float[] negative = new float[16];
        java.util.Arrays.fill(negative, -5f);
        TinyTfjs m = new TinyTfjs(4, 4, 1)
                .layer("ZeroPadding2D", "pad", "{\"padding\":1}")
                .layer("MaxPooling2D", "pool", "{\"pool_size\":[2,2],\"strides\":[2,2],\"padding\":\"valid\"}");
        ModelProto onnx = TfjsToOnnx.convert(m.build(), 0);
        assertThat(onnx.getGraph().getNodeList()).extracting(NodeProto::getOpType).containsExactly("Conv", "MaxPool");
        // Corners of the padded 6x6 see a zero; the centre window sees only -5.
        assertThat(run(onnx, negative, 4, "pool")).containsExactly(0, 0, 0, 0, -5, 0, 0, 0, 0);
    }

    @Test
    void samePoolingIgnoresPaddedPositionsLikeTensorflow() {
        float[] v = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        TinyTfjs avg = new TinyTfjs(3, 3, 1)
                .layer("AveragePooling2D", "avg", "{\"pool_size\":[2,2],\"strides\":[1,1],\"padding\":\"same\"}");
        // TF: padding 0 before / 1 after; the averages count only real pixels.
        assertThat(run(TfjsToOnnx.convert(avg.build(), 0), v, 3, "avg"))
                .containsExactly(2f, 3f, 3.5f, 5f, 6f, 6.5f, 6.5f, 7.5f, 8f);
        float[] neg = new float[9];
        for (int i = 0; i < 9; i++) {
            neg[i] = -1 - i;
        }
        TinyTfjs max = new TinyTfjs(3, 3, 1)
                .layer("MaxPooling2D", "max", "{\"pool_size\":[2,2],\"strides\":[2,2],\"padding\":\"same\"}");
        assertThat(run(TfjsToOnnx.convert(max.build(), 0), neg, 3, "max")).containsExactly(-1f, -3f, -7f, -9f);
    }

    @Test
    void depthwiseMultiplierOrdersOutputChannelsAsTensorflow() {
        // Filter c * 2 + m reads channel c with weight 10 (c + 1) + m; channel 0 holds 1, channel 1 holds 2.
        float[] kernel = {10, 11, 20, 21};
        TinyTfjs m = new TinyTfjs(2, 2, 2)
                .layer("DepthwiseConv2D", "dw", "{\"kernel_size\":[1,1],\"strides\":[1,1],\"padding\":\"same\","
                        + "\"depth_multiplier\":2,\"use_bias\":false,\"activation\":\"linear\"}")
                .weight("dw/depthwise_kernel", kernel, 1, 1, 2, 2);
        float[] nhwc = {1, 2, 1, 2, 1, 2, 1, 2};
        float[] out = run(TfjsToOnnx.convert(m.build(), 0), TinyTfjs.toNchw(nhwc, 2, 2, 2), 2, "dw");
        assertThat(out).containsExactly(10, 10, 10, 10, 11, 11, 11, 11, 40, 40, 40, 40, 42, 42, 42, 42);
    }

    @Test
    void flattenUsesKerasChannelsLastOrderBeforeDense() {
        float[] identity = new float[64];
        for (int i = 0; i < 8; i++) {
            identity[i * 8 + i] = 1;
        }
        TinyTfjs m = new TinyTfjs(2, 2, 2)
                .layer("Flatten", "flat", "{}")
                .layer("Dense", "dense", "{\"units\":8,\"use_bias\":false,\"activation\":\"linear\"}")
                .weight("dense/kernel", identity, 8, 8);
        float[] nhwc = {0, 1, 2, 3, 4, 5, 6, 7};
        assertThat(run(TfjsToOnnx.convert(m.build(), 0), TinyTfjs.toNchw(nhwc, 2, 2, 2), 2, "dense"))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void batchNormWithoutScaleConcatenateAndCappedReluMatchHandComputedValues() {
        // bn: (x - mean) / sqrt(var + eps) + beta with gamma 1 (scale: false); then concat with the input, relu6.
        TinyTfjs m = new TinyTfjs(1, 1, 2)
                .layer("BatchNormalization", "bn", "{\"axis\":3,\"epsilon\":0.001,\"center\":true,\"scale\":false}")
                .layer("Concatenate", "cat", "{\"axis\":-1}", "bn", "input_1")
                .layer("ReLU", "relu6", "{\"max_value\":6.0,\"negative_slope\":0.0,\"threshold\":0.0}")
                .weight("bn/beta", new float[] {0.5f, 1f}, 2)
                .weight("bn/moving_mean", new float[] {1f, -2f}, 2)
                .weight("bn/moving_variance", new float[] {3.999f, 0.999f}, 2);
        float[] out = run(TfjsToOnnx.convert(m.build(), 0), new float[] {9f, 3f}, 1, "relu6");
        // bn: (9 - 1) / 2 + 0.5 = 4.5 and (3 + 2) / 1 + 1 = 6; input 9 -> 6 (capped), 3.
        assertThat(out[0]).isCloseTo(4.5f, org.assertj.core.api.Assertions.within(1e-5f));
        assertThat(out[1]).isCloseTo(6f, org.assertj.core.api.Assertions.within(1e-5f));
        assertThat(out).endsWith(6f, 3f);
    }

    @Test
    void globalPoolingIsFoundByTheFeatureLocator() {
        TinyTfjs m = new TinyTfjs(4, 4, 1)
                .layer("Conv2D", "conv", "{\"filters\":3,\"kernel_size\":[1,1],\"padding\":\"valid\",\"use_bias\":false}")
                .layer("GlobalAveragePooling2D", "gap", "{}")
                .layer("Dense", "dense", "{\"units\":2,\"activation\":\"softmax\"}")
                .weight("conv/kernel", new float[] {1, 2, 3}, 1, 1, 1, 3)
                .weight("dense/kernel", new float[] {1, 0, 0, 1, 0, 0}, 3, 2)
                .weight("dense/bias", new float[] {0, 0}, 2);
        ModelProto onnx = TfjsToOnnx.convert(m.build(), 0);
        FeatureTaps taps = FeatureLocator.locate(onnx, "tiny");
        assertThat(taps.spatial()).isEqualTo("conv");
        assertThat(taps.pooled()).isEqualTo("gap");
        ModelProto exposed = FeatureLocator.expose(onnx, taps);
        try (OrtImageRunner ort = new OrtImageRunner(exposed, TfjsToOnnx.INPUT, 1)) {
            var out = ort.run(ramp4(), 1, 4, List.of("gap", "dense"));
            float mean = 0;
            for (float v : ramp4()) {
                mean += v / 16;
            }
            assertThat(out.get("gap")).containsExactly(mean, 2 * mean, 3 * mean);
            float e = (float) (1 / (1 + Math.exp(mean)));
            assertThat(out.get("dense")[0]).isCloseTo(e, org.assertj.core.api.Assertions.within(1e-6f));
        }
    }

    @Test
    void unsupportedLayerIsNamedWithItsClass() {
        TinyTfjs m = new TinyTfjs(4, 4, 1).layer("LSTM", "lstm_1", "{\"units\":4}");
        assertThatThrownBy(() -> TfjsToOnnx.convert(m.build(), 0))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("tiny: layer 'lstm_1' (LSTM) is not supported by the TF.js converter "
                        + "(supported: InputLayer, Activation, Add,");
    }

    @Test
    void weightsNoLayerReadsAreAnError() {
        TinyTfjs m = new TinyTfjs(4, 4, 1)
                .layer("Conv2D", "conv", "{\"filters\":1,\"kernel_size\":[1,1],\"use_bias\":false}")
                .weight("conv/kernel", new float[] {1}, 1, 1, 1, 1)
                .weight("conv/bias", new float[] {1}, 1);
        assertThatThrownBy(() -> TfjsToOnnx.convert(m.build(), 0))
                .isInstanceOf(UserInputException.class)
                .hasMessage("tiny: 1 weights are not used by any converted layer (the conversion would be incomplete): "
                        + "[conv/bias]");
    }

    @Test
    void missingWeightNamesTheLayerAndTheManifest() {
        TinyTfjs m = new TinyTfjs(4, 4, 1)
                .layer("Conv2D", "conv", "{\"filters\":1,\"kernel_size\":[1,1],\"use_bias\":false}");
        assertThatThrownBy(() -> TfjsToOnnx.convert(m.build(), 0))
                .isInstanceOf(UserInputException.class)
                .hasMessage("tiny: layer 'conv' (Conv2D): its weight 'conv/kernel' is not in the weight manifest "
                        + "(the manifest has no weights for this layer)");
    }
}
