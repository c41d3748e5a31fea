package io.sentifuse.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.config.ImageConfig;
import io.sentifuse.encoder.fixture.ResNetFixture;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import java.nio.file.Path;
import onnx.Onnx.ModelProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Reverse;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@code image.tta: flip}: the features are the mean of the image's and its mirror image's, the mirror's regions
 * mirrored back; a left-right symmetric image gives its own features. On a ResNet-18 fixture cut after its stem (a
 * small graph, verified against ONNX Runtime like any).
 */
class ImageTtaTest {

    @TempDir
    Path tmp;

    @Test
    void flipAveragesTheImageAndItsMirrorRegionByRegion() {
        Path onnx = ResNetFixture.ensure(tmp, ResNetFixture.Depth.RESNET18, ResNetFixture.BatchNorm.FOLDED, 11);
        ModelProto whole = OnnxModel.read(onnx).proto();
        String layer = whole.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Relu"))
                .findFirst().orElseThrow().getOutput(0);
        Path cache = tmp.resolve("cache");
        ImageConfig plain = new ImageConfig(onnx.toString(), ImageConfig.Resize.AUTO, 224, 256,
                ImageConfig.Normalize.AUTO, layer, ImageConfig.Tta.NONE, ImageConfig.Faces.NONE);
        ImageConfig flip = new ImageConfig(onnx.toString(), ImageConfig.Resize.AUTO, 224, 256,
                ImageConfig.Normalize.AUTO, layer, ImageConfig.Tta.FLIP, ImageConfig.Faces.NONE);
        INDArray images = Nd4j.rand(DataType.FLOAT, 2, 3, 224, 224);
        INDArray mirrored = Nd4j.exec(new Reverse(images, 3))[0];
        try (ImageEncoder p = ImageEncoder.open(ImageModelSource.fromConfig(plain, cache), plain, cache);
             ImageEncoder f = ImageEncoder.open(ImageModelSource.fromConfig(flip, cache), flip, cache)) {
            ImageEncoder.Features a = p.encode(images);
            ImageEncoder.Features m = p.encode(mirrored);
            ImageEncoder.Features t = f.encode(images);
            assertThat(t.pooled().sub(a.pooled().add(m.pooled()).mul(0.5)).amaxNumber().doubleValue())
                    .isLessThan(1e-5);
            int h = p.spec().spatialHeight();
            int w = p.spec().spatialWidth();
            int c = p.spec().pooledDim();
            // region (y, x) of the average: (y, x) of the image and (y, W-1-x) of its mirror
            for (int[] yx : new int[][] {{0, 0}, {3, 17}, {h - 1, w - 2}}) {
                int r = yx[0] * w + yx[1];
                int mirror = yx[0] * w + (w - 1 - yx[1]);
                for (int k = 0; k < c; k += 13) {
                    double expected = (a.regions().getDouble(1, r, k) + m.regions().getDouble(1, mirror, k)) / 2;
                    assertThat(t.regions().getDouble(1, r, k)).isCloseTo(expected,
                            org.assertj.core.api.Assertions.within(1e-5));
                }
            }
            INDArray symmetric = images.add(mirrored);
            ImageEncoder.Features s = p.encode(symmetric);
            ImageEncoder.Features st = f.encode(symmetric);
            assertThat(st.pooled().sub(s.pooled()).amaxNumber().doubleValue()).isLessThan(1e-5);
            assertThat(t.pooled().sub(a.pooled()).amaxNumber().doubleValue()).as("the flip changes features")
                    .isGreaterThan(1e-4);
        }
    }

    @Test
    void mirroredReversesTheWidthAxisAsNd4jsReverseDoesViewsIncluded() {
        INDArray regions = Nd4j.rand(DataType.FLOAT, 2, 3, 5, 4); // [B, H, W, C]
        assertThat(ImageEncoder.mirrored(regions, 2 * 3, 5, 4)).isEqualTo(Nd4j.exec(new Reverse(regions, 2))[0]);
        INDArray view = Nd4j.rand(DataType.FLOAT, 2, 3, 6, 4).get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(1, 6), NDArrayIndex.all());
        assertThat(view.isView()).isTrue();
        assertThat(ImageEncoder.mirrored(view, 2 * 3, 5, 4)).isEqualTo(Nd4j.exec(new Reverse(view.dup('c'), 2))[0]);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageEncoder.mirrored(regions, 6, 4, 4))
                .hasMessage("cannot mirror [2, 3, 5, 4] as 6 x 4 x 4");
    }
}
