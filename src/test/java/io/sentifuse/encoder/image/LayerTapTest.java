package io.sentifuse.encoder.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sentifuse.config.ImageConfig;
import io.sentifuse.encoder.ImageEncoder;
import io.sentifuse.encoder.ImageModelSource;
import io.sentifuse.encoder.fixture.ResNetFixture;
import io.sentifuse.encoder.onnxbuild.Attrs;
import io.sentifuse.encoder.onnxbuild.OnnxBuilder;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.image.ImagePreset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code image.layer}: the graph cut after a named value keeps only what computes it, pools that map, and is
 * prepared, translated and verified against ONNX Runtime like a whole model; an unknown name lists similar ones.
 */
class LayerTapTest {

    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

    @TempDir
    Path tmp;

    /** x [N, 3, 8, 8] -> conv to 4 channels -> relu (block_1_relu) -> conv to 2 channels -> relu -> pooled head. */
    private static ModelProto twoBlocks() {
        return twoBlocks(false);
    }

    /** As above; {@code weightsAsInputs}: the weights are graph inputs too, as some exporters write them. */
    private static ModelProto twoBlocks(boolean weightsAsInputs) {
        OnnxBuilder b = new OnnxBuilder("g");
        b.input("x", FLOAT, "N", 3L, 8L, 8L);

        float[] w1 = new float[12];
        for (int i = 0; i < w1.length; i++) {
            w1[i] = (i % 5) * 0.1f - 0.1f;
        }
        b.floats("w1", w1, 4, 3, 1, 1);
        b.floats("w2", new float[] {0.2f, -0.1f, 0.3f, 0.05f, -0.2f, 0.1f, 0.4f, 0.2f}, 2, 4, 1, 1);
        b.node("Conv", "block_1_conv", List.of("x", "w1"), "block_1_conv", Attrs.ints("kernel_shape", 1, 1));
        b.node("Relu", "block_1_relu", List.of("block_1_conv"), "block_1_relu");
        b.node("Conv", "block_2_conv", List.of("block_1_relu", "w2"), "block_2_conv", Attrs.ints("kernel_shape", 1, 1));
        b.node("Relu", "block_2_relu", List.of("block_2_conv"), "block_2_relu");
        b.node("GlobalAveragePool", "gap", List.of("block_2_relu"), "g");
        b.output("g", "N", 2L, 1L, 1L);
        ModelProto m = b.build(13, "test", "1");
        if (!weightsAsInputs) {
            return m;
        }
        return m.toBuilder().setGraph(m.getGraph().toBuilder().addInput(OnnxBuilder.valueInfoNoShape("w1", FLOAT))
                .addInput(OnnxBuilder.valueInfoNoShape("w2", FLOAT))).build();
    }

    @Test
    void theCutKeepsWhatComputesTheLayerAndPoolsIt() {
        ModelProto cut = LayerTap.cut(twoBlocks(), "block_1_relu", "m.onnx");
        assertThat(cut.getGraph().getNodeList()).extracting(NodeProto::getName)
                .containsExactly("block_1_conv", "block_1_relu", LayerTap.POOL, LayerTap.POOLED);
        assertThat(cut.getGraph().getInitializerList()).extracting(TensorProto::getName).containsExactly("w1");
        PreparedImageModel p = ImageModels.prepare(cut, "m.onnx@block_1_relu", ImagePreset.TORCHVISION);
        assertThat(p.spec().spatial()).isEqualTo("block_1_relu");
        assertThat(p.spec().pooled()).isEqualTo(LayerTap.POOLED);
        assertThat(p.spec().pooledDim()).isEqualTo(4);
        assertThat(p.spec().regions()).isEqualTo(64);
        try (OrtImageRunner ort = new OrtImageRunner(p.model(), "x", 1)) {
            float[] x = new float[3 * 64];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i % 7) * 0.3f - 0.8f;
            }
            Map<String, float[]> out = ort.run(x, 1, 8, List.of(p.spec().pooled(), p.spec().spatial()));
            float[] map = out.get(p.spec().spatial());
            for (int c = 0; c < 4; c++) {
                double mean = 0;
                for (int i = 0; i < 64; i++) {
                    mean += map[c * 64 + i] / 64.0;
                }
                assertThat((double) out.get(p.spec().pooled())[c]).as("channel %d", c).isCloseTo(mean, within(1e-5));
            }
        }
    }

    @Test
    void weightsListedAsGraphInputsLeaveWithTheirNodes() {
        ModelProto cut = LayerTap.cut(twoBlocks(true), "block_1_relu", "m.onnx");
        assertThat(cut.getGraph().getInputList()).extracting(i -> i.getName()).containsExactly("x", "w1");
        assertThat(ImageModels.prepare(cut, "m.onnx@block_1_relu", ImagePreset.TORCHVISION).spec().pooledDim())
                .isEqualTo(4);
    }

    @Test
    void anUnknownLayerListsTheValuesThatStartLikeIt() {
        assertThatThrownBy(() -> LayerTap.cut(twoBlocks(), "block_1_rel", "m.onnx"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("image.layer: no node of m.onnx outputs 'block_1_rel'")
                .hasMessageContaining("[block_1_conv, block_1_relu]");
    }

    @Test
    void aCutResNetTranslatesAndVerifiesAgainstOnnxRuntime() {
        Path onnx = ResNetFixture.ensure(tmp, ResNetFixture.Depth.RESNET18, ResNetFixture.BatchNorm.FOLDED, 7);
        ModelProto whole = io.sentifuse.encoder.onnx.proto.OnnxModel.read(onnx).proto();
        // the output of the first residual stage's last Relu: 64 channels at 56 x 56
        String layer = whole.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Relu"))
                .skip(4).findFirst().orElseThrow().getOutput(0);
        ImageConfig config = new ImageConfig(onnx.toString(), ImageConfig.Resize.AUTO, 224, 256,
                ImageConfig.Normalize.AUTO, layer, ImageConfig.Tta.NONE, ImageConfig.Faces.NONE);
        ImageModelSource source = ImageModelSource.fromConfig(config, tmp.resolve("cache"));
        assertThat(source.name()).endsWith("@" + layer);
        assertThat(source.isDefault()).isFalse();
        try (ImageEncoder encoder = ImageEncoder.open(source, config, tmp.resolve("cache"))) {
            assertThat(encoder.verification().verified()).isTrue();
            assertThat(encoder.spec().pooledDim()).isEqualTo(64);
            assertThat(encoder.spec().regions()).isEqualTo(56 * 56);
            INDArray images = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 224, 224);
            ImageEncoder.Features f = encoder.encode(images);
            assertThat(f.pooled().shape()).containsExactly(2, 64);
            // the pooled vector is the mean of the regions
            assertThat(f.regions().mean(1).sub(f.pooled()).amaxNumber().doubleValue()).isLessThan(1e-4);
        }
    }
}
