package io.sentifuse.encoder.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.config.ImageConfig;
import io.sentifuse.encoder.onnxbuild.Attrs;
import io.sentifuse.encoder.onnxbuild.OnnxBuilder;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.image.ImagePreset;
import java.util.List;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;

class FeatureLocatorTest {

    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

    /** x [N, 3, 8, 8] -> 1x1 conv to 4 channels -> relu -> (pooling built by {@code tail}) -> graph output. */
    private static OnnxBuilder backbone() {
        OnnxBuilder b = new OnnxBuilder("g");
        b.input("x", FLOAT, "N", 3L, 8L, 8L);
        float[] w = new float[12];
        for (int i = 0; i < 12; i++) {
            w[i] = (i % 5) * 0.1f;
        }
        b.floats("w", w, 4, 3, 1, 1);
        b.node("Conv", "conv", List.of("x", "w"), "c", Attrs.ints("kernel_shape", 1, 1));
        b.node("Relu", "relu", List.of("c"), "features");
        return b;
    }

    @Test
    void globalPoolWithoutFlattenGetsOneAdded() {
        OnnxBuilder b = backbone();
        b.node("GlobalAveragePool", "gap", List.of("features"), "g");
        b.output("g", "N", 4L, 1L, 1L);
        ModelProto m = b.build(13, "test", "1");
        FeatureTaps taps = FeatureLocator.locate(m, "m.onnx");
        assertThat(taps).isEqualTo(new FeatureTaps("features", FeatureLocator.ADDED_FLATTEN, "gap (GlobalAveragePool)",
                true));
        PreparedImageModel p = ImageModels.prepare(m, "m.onnx", ImagePreset.TORCHVISION);
        assertThat(p.spec()).isEqualTo(new ImageModelSpec("x", 8, FeatureLocator.ADDED_FLATTEN, 4, "features", 4, 8, 8,
                "g", 1, ImagePreset.TORCHVISION));
        try (OrtImageRunner ort = new OrtImageRunner(p.model(), "x", 1)) {
            float[] x = new float[3 * 64];
            java.util.Arrays.fill(x, 1f);
            var out = ort.run(x, 1, 8, List.of(p.spec().pooled(), p.spec().spatial()));
            assertThat(out.get(p.spec().pooled())).hasSize(4);
            assertThat(out.get(p.spec().spatial())).hasSize(4 * 64);
            // Region view: [C, H*W] -> [H*W, C].
            float[] regions = p.spec().toRegions(out.get(p.spec().spatial()), 0);
            assertThat(regions[5 * 4 + 2]).isEqualTo(out.get(p.spec().spatial())[2 * 64 + 5]);
        }
    }

    @Test
    void reduceMeanOverSpatialAxesCountsAsGlobalPooling() {
        OnnxBuilder b = backbone();
        b.node("ReduceMean", "mean", List.of("features"), "pooled", Attrs.ints("axes", 2, 3), Attrs.i("keepdims", 0));
        b.output("pooled", "N", 4L);
        FeatureTaps taps = FeatureLocator.locate(b.build(13, "test", "1"), "m.onnx");
        assertThat(taps).isEqualTo(new FeatureTaps("features", "pooled", "mean (ReduceMean)", false));
    }

    @Test
    void squeezeExcitationPoolingFeedingAConvIsNotTheFinalPooling() {
        OnnxBuilder b = backbone();
        b.node("GlobalAveragePool", "se/gap", List.of("features"), "se");
        b.floats("se_w", new float[16], 4, 4, 1, 1);
        b.node("Conv", "se/conv", List.of("se", "se_w"), "se_c", Attrs.ints("kernel_shape", 1, 1));
        b.node("Mul", "se/mul", List.of("features", "se_c"), "scaled");
        b.node("GlobalAveragePool", "head/gap", List.of("scaled"), "g");
        b.node("Flatten", "head/flatten", List.of("g"), "pooled", Attrs.i("axis", 1));
        b.node("GlobalAveragePool", "late/gap", List.of("scaled"), "late");
        b.floats("late_w", new float[16], 4, 4, 1, 1);
        b.node("Conv", "late/conv", List.of("late", "late_w"), "unused", Attrs.ints("kernel_shape", 1, 1));
        b.output("pooled", "N", 4L);
        FeatureTaps taps = FeatureLocator.locate(b.build(13, "test", "1"), "m.onnx");
        assertThat(taps).isEqualTo(new FeatureTaps("scaled", "pooled", "head/gap (GlobalAveragePool)", false));
    }

    @Test
    void graphWithoutGlobalPoolingIsRefusedWithItsOperators() {
        OnnxBuilder b = backbone();
        b.output("features", "N", 4L, 8L, 8L);
        assertThatThrownBy(() -> FeatureLocator.locate(b.build(13, "test", "1"), "seg.onnx"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("seg.onnx: no global average pooling found (a GlobalAveragePool node, or ReduceMean over "
                        + "axes 2 and 3); the image encoder needs a CNN whose last feature map [N, C, H, W] is averaged "
                        + "to the feature vector. Node types in the graph: Conv, Relu");
    }

    @Test
    void textModelGivenAsImageModelIsRefused() {
        OnnxBuilder b = new OnnxBuilder("bert");
        b.input("input_ids", TensorProto.DataType.INT64_VALUE, "batch", "sequence");
        b.input("attention_mask", TensorProto.DataType.INT64_VALUE, "batch", "sequence");
        b.node("Cast", "cast", List.of("input_ids"), "f", Attrs.i("to", FLOAT));
        b.output("f", "batch", "sequence");
        assertThatThrownBy(() -> ImageModels.prepare(b.build(13, "test", "1"), "minilm.onnx", ImagePreset.TORCHVISION))
                .isInstanceOf(UserInputException.class)
                .hasMessage("minilm.onnx looks like a text model (inputs ['input_ids' int64 [batch, sequence], "
                        + "'attention_mask' int64 [batch, sequence]]), not an image model: an image model takes one "
                        + "float input [batch, 3, height, width]; import it with --kind text");
    }

    @Test
    void inputThatIsNotAnRgbImageIsRefused() {
        OnnxBuilder b = new OnnxBuilder("g");
        b.input("x", FLOAT, "N", 1L, 28L, 28L);
        b.node("Relu", "relu", List.of("x"), "y");
        b.output("y", "N", 1L, 28L, 28L);
        assertThatThrownBy(() -> ImageModelCheck.requireImageInput(b.build(13, "t", "1"), "mnist.onnx"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("mnist.onnx: input 'x' float [N, 1, 28, 28] is not an image input; expected float "
                        + "[batch, 3, height, width] (NCHW, RGB)");
    }

    @Test
    void transformSizeMustMatchTheModel() {
        OnnxBuilder b = backbone();
        b.node("GlobalAveragePool", "gap", List.of("features"), "g");
        b.output("g", "N", 4L, 1L, 1L);
        ImageModelSpec spec = ImageModels.prepare(b.build(13, "t", "1"), "m.onnx", ImagePreset.TORCHVISION).spec();
        ImageConfig stretch = new ImageConfig("m.onnx", ImageConfig.Resize.STRETCH, 224, 256, ImageConfig.Normalize.AUTO, "", ImageConfig.Tta.NONE, ImageConfig.Faces.NONE);
        assertThatThrownBy(() -> ImageModels.transform(stretch, spec))
                .isInstanceOf(UserInputException.class)
                .hasMessage("image.size: the image model takes 8x8 inputs, but the transform makes 224x224 (set "
                        + "image.size to 8 or resize: auto)");
        ImageConfig ok = new ImageConfig("m.onnx", ImageConfig.Resize.STRETCH, 8, 256, ImageConfig.Normalize.AUTO, "", ImageConfig.Tta.NONE, ImageConfig.Faces.NONE);
        assertThat(ImageModels.transform(ok, spec).size()).isEqualTo(8);
        // auto: the model's own transform at the model's own size (crop 256 -> 224 becomes 9 -> 8).
        ImageConfig auto = new ImageConfig("m.onnx", ImageConfig.Resize.AUTO, 224, 256, ImageConfig.Normalize.AUTO, "", ImageConfig.Tta.NONE, ImageConfig.Faces.NONE);
        assertThat(ImageModels.transform(auto, spec).size()).isEqualTo(8);
        assertThat(ImageModels.atSize(ImagePreset.TORCHVISION.spec(), 299).resizeShorter()).isEqualTo(342);
    }

    @Test
    void padBeforeMaxPoolRunsWithoutTheFaultyOnnxRuntimeFusion() {
        OnnxBuilder b = new OnnxBuilder("g");
        b.input("x", FLOAT, "N", 3L, 4L, 4L);
        b.longs("pads", new long[] {0, 0, 1, 1, 0, 0, 1, 1}, 8);
        b.node("Pad", "pad", List.of("x", "pads"), "p");
        b.node("MaxPool", "pool", List.of("p"), "y", Attrs.ints("kernel_shape", 2, 2), Attrs.ints("strides", 2, 2));
        b.output("y", "N", 3L, 3L, 3L);
        float[] x = new float[48];
        java.util.Arrays.fill(x, -5f);
        try (OrtImageRunner ort = new OrtImageRunner(b.build(13, "t", "1"), "x", 1)) {
            // Windows touching the zero padding give 0, the centre one -5.
            assertThat(java.util.Arrays.copyOf(ort.run(x, 1, 4, List.of("y")).get("y"), 9))
                    .containsExactly(0, 0, 0, 0, -5, 0, 0, 0, 0);
        }
    }
}
