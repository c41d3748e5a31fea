package io.sentifuse.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.encoder.fixture.ResNetFixture;
import io.sentifuse.encoder.image.ImageModels;
import io.sentifuse.encoder.image.OrtImageRunner;
import io.sentifuse.encoder.image.PreparedImageModel;
import io.sentifuse.image.ImagePreset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** {@link ImageEncoder#attach}: the CNN inside a caller's graph, its weights trainable end to end. */
class ImageFineTuneTest {

    @Test
    void fewAdamStepsLowerTheLossAndMoveConvolutionAndBatchNormWeights() {
        PreparedImageModel model = ImageModels.prepare(TinyCnn.build(3, null), "tiny-cnn", ImagePreset.TORCHVISION, 16);
        SameDiff sd = SameDiff.create();
        SDVariable images = sd.placeHolder("images", DataType.FLOAT, -1, 3, 16, 16);
        SDVariable labels = sd.placeHolder("labels", DataType.FLOAT, -1, 2);
        ImageEncoder.InGraph g = ImageEncoder.attach(sd, "image/", model, images);
        assertThat(g.translation().weights().keySet()).contains("c1.weight", "dw.weight", "pw.weight", "bn1.weight",
                "bn1.bias", "bn2.weight").doesNotContain("bn1.running_mean", "bn1.running_var");
        Nd4j.getRandom().setSeed(5);
        SDVariable w = sd.var("head/w", Nd4j.randn(DataType.FLOAT, TinyCnn.CHANNELS, 2).muli(0.3));
        SDVariable b = sd.var("head/b", Nd4j.zeros(DataType.FLOAT, 2));
        // Both feature forms feed the head, so gradients flow through the region reshape too.
        SDVariable features = g.pooled().add(sd.mean(g.regions(), 1));
        sd.loss().softmaxCrossEntropy("loss", labels, features.mmul(w).add(b), null);
        sd.setLossVariables("loss");
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(0.02))
                .dataSetFeatureMapping("images").dataSetLabelMapping("labels").build());

        // Label: whether the image is reddish or bluish.
        Nd4j.getRandom().setSeed(6);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 3, 16, 16);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 2);
        for (int i = 0; i < 8; i++) {
            int cls = i % 2;
            x.slice(i).slice(cls == 0 ? 0 : 2).addi(1f);
            y.putScalar(i, cls, 1f);
        }
        // Before training, the attached CNN computes what ONNX Runtime computes.
        try (OrtImageRunner ort = new OrtImageRunner(model.model(), model.spec().input(), 1)) {
            float[] ref = ort.run(x.dup('c').data().asFloat(), 8, 16, List.of(model.spec().pooled())).get(model.spec().pooled());
            INDArray ours = sd.output(Map.of("images", x), g.pooled().name()).get(g.pooled().name());
            assertThat(ours.sub(Nd4j.createFromArray(ref).reshape(8, TinyCnn.CHANNELS)).amaxNumber().doubleValue())
                    .isLessThan(1e-5);
        }
        List<String> watched = List.of("c1.weight", "dw.weight", "pw.weight", "bn1.weight", "bn2.bias");
        List<INDArray> before = new ArrayList<>();
        for (String name : watched) {
            before.add(sd.getVariable(g.translation().weights().get(name)).getArr().dup());
        }
        Map<String, INDArray> feed = Map.of("images", x, "labels", y);
        double lossBefore = sd.output(feed, "loss").get("loss").getDouble(0);
        MultiDataSet batch = new MultiDataSet(new INDArray[] {x}, new INDArray[] {y});
        for (int step = 0; step < 20; step++) {
            sd.fit(batch);
        }
        double lossAfter = sd.output(feed, "loss").get("loss").getDouble(0);
        assertThat(lossAfter).as("loss before %s", lossBefore).isLessThan(lossBefore * 0.5);
        for (int k = 0; k < watched.size(); k++) {
            double moved = sd.getVariable(g.translation().weights().get(watched.get(k))).getArr().sub(before.get(k))
                    .amaxNumber().doubleValue();
            assertThat(moved).as(watched.get(k)).isGreaterThan(1e-4);
        }
    }

    @Test
    void gradientsReachEveryResNetWeight() {
        // The ResNet-18 fixture as a user's export, translated into a fresh graph: every convolution, BatchNorm
        // scale and shift and the classifier gets a gradient (batch 1 keeps this to a few seconds).
        PreparedImageModel model = SharedImageModels.resnet(ResNetFixture.Depth.RESNET18, ResNetFixture.BatchNorm.KEPT)
                .source().prepare();
        SameDiff sd = SameDiff.create();
        SDVariable images = sd.placeHolder("images", DataType.FLOAT, -1, 3, 224, 224);
        ImageEncoder.InGraph g = ImageEncoder.attach(sd, "image/", model, images);
        Nd4j.getRandom().setSeed(7);
        SDVariable probe = sd.constant("probe", Nd4j.randn(DataType.FLOAT, 1, 49, 512));
        sd.sum("probe_loss", g.regions().mul(probe));
        sd.setLossVariables("probe_loss");
        List<String> weights = new ArrayList<>(g.translation().weights().values());
        Map<String, INDArray> grads = sd.calculateGradients(Map.of("images", Nd4j.randn(DataType.FLOAT, 1, 3, 224, 224)),
                weights);
        // 20 convolutions + 20 BatchNorm (scale, shift); the classifier is not on the path to the regions.
        assertThat(g.translation().weights()).hasSize(20 + 40 + 2);
        for (var e : g.translation().weights().entrySet()) {
            INDArray grad = grads.get(e.getValue());
            if (e.getKey().startsWith("fc.")) {
                assertThat(grad == null || grad.amaxNumber().doubleValue() == 0).as(e.getKey()).isTrue();
            } else {
                assertThat(grad).as(e.getKey()).isNotNull();
                assertThat(grad.amaxNumber().doubleValue()).as(e.getKey()).isPositive();
            }
        }
    }
}
