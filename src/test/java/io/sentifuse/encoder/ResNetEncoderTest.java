package io.sentifuse.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.encoder.fixture.ResNetFixture;
import io.sentifuse.encoder.image.ImageModelSpec;
import io.sentifuse.encoder.verify.VerificationReport;
import io.sentifuse.image.ImagePreset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * torchvision-style ResNet exports (generated fixtures) through the image encoder as a user's file goes: features
 * located, translated, verified against ONNX Runtime at batch 1 and 8, cached: ResNet-18 with BatchNormalization
 * kept (export with training=PRESERVE) and folded into the convolutions (the default export), ResNet-50 with it
 * kept (the folded ResNet-50 goes through the same path in {@code sentifuse bench image --model resnet50}).
 */
class ResNetEncoderTest {

    private static final Logger LOG = LoggerFactory.getLogger(ResNetEncoderTest.class);

    static Stream<Arguments> variants() {
        return Stream.of(Arguments.of(ResNetFixture.Depth.RESNET18, ResNetFixture.BatchNorm.KEPT),
                Arguments.of(ResNetFixture.Depth.RESNET18, ResNetFixture.BatchNorm.FOLDED),
                Arguments.of(ResNetFixture.Depth.RESNET50, ResNetFixture.BatchNorm.KEPT));
    }

    @ParameterizedTest
    @MethodSource("variants")
    void translatedResNetMatchesOnnxRuntimeAtBatchOneAndEight(ResNetFixture.Depth depth, ResNetFixture.BatchNorm bn) {
        ImageEncoder encoder = SharedImageModels.resnet(depth, bn);
        int c = depth.features();
        ImageModelSpec spec = encoder.spec();
        assertThat(spec.pooledDim()).isEqualTo(c);
        assertThat(spec.spatialChannels()).isEqualTo(c);
        assertThat(spec.spatialHeight()).isEqualTo(7);
        assertThat(spec.spatialWidth()).isEqualTo(7);
        assertThat(spec.regions()).isEqualTo(49);
        assertThat(spec.preset()).isEqualTo(ImagePreset.TORCHVISION);
        assertThat(encoder.transform().size()).isEqualTo(224);

        VerificationReport v = encoder.verification();
        assertThat(v.verified()).isTrue();
        assertThat(v.shapes()).containsExactly("1x3x224x224", "8x3x224x224");
        for (VerificationReport.CaseResult r : v.cases()) {
            long batch = r.name().startsWith("8x") ? 8 : 1;
            assertThat(r.outputs().keySet()).containsExactlyInAnyOrder("output", spec.pooled(), spec.spatial());
            r.outputs().forEach((name, d) -> {
                LOG.info("{} {} {} {}: max abs diff {}, relative L2 {} (largest |value| {})", depth, bn, r.name(), name,
                        d.maxAbsDiff(), d.relL2(), d.maxReference());
                assertThat(d.relL2()).as(name + " in " + r.name()).isLessThanOrEqualTo(1e-4);
            });
            // Elements compared = the shapes both engines agree on: [B, 1000], [B, C], [B, C, 7, 7].
            assertThat(r.outputs().get("output").compared()).isEqualTo(batch * 1000);
            assertThat(r.outputs().get(spec.pooled()).compared()).isEqualTo(batch * c);
            assertThat(r.outputs().get(spec.spatial()).compared()).isEqualTo(batch * c * 49);
        }

        Nd4j.getRandom().setSeed(SharedImageModels.SEED);
        INDArray images = Nd4j.randn(DataType.FLOAT, 2, 3, 224, 224);
        ImageEncoder.Features f = encoder.encode(images);
        assertThat(f.pooled().shape()).containsExactly(2, c);
        assertThat(f.regions().shape()).containsExactly(2, 49, c);
        // The pooled vector is the mean of the region vectors.
        INDArray mean = f.regions().mean(1);
        assertThat(mean.sub(f.pooled()).norm2Number().doubleValue() / f.pooled().norm2Number().doubleValue())
                .isLessThan(1e-5);
    }
}
