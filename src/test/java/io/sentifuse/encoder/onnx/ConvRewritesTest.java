package io.sentifuse.encoder.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.OrtRunner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CNN rewrites (Conv + BatchNormalization folded, depthwise convolution as shifted products, Clip(0, 6) as
 * relu6) compute what ONNX Runtime computes, and give the original weights the gradients of the literal
 * translation, so fine-tuning through them trains the same parameters the same way.
 */
class ConvRewritesTest {

    private static INDArray rand(long seed, float scale, float shift, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, shape).muli(scale).addi(shift);
    }

    /**
     * x [N, 4, 9, 9] -> Conv 3x3 (+bias) -> BN -> Clip(0, 6) -> depthwise 3x3 stride 2, asymmetric pads -> BN
     * -> Relu -> depthwise 3x3 dilation 2 (+bias) -> BN -> y; a second BN reads the same running statistics.
     */
    static ModelBuilder model() {
        ModelBuilder b = new ModelBuilder(13).input("x", DataType.FLOAT, -1, 4, 9, 9)
                .initializer("w1", rand(1, 0.6f, -0.3f, 8, 4, 3, 3)).initializer("b1", rand(2, 0.2f, -0.1f, 8))
                .initializer("w2", rand(3, 0.8f, -0.4f, 8, 1, 3, 3))
                .initializer("w3", rand(4, 0.8f, -0.4f, 8, 1, 3, 3)).initializer("b3", rand(5, 0.2f, 0f, 8));
        for (String bn : List.of("bn1", "bn2", "bn3")) {
            b.initializer(bn + ".weight", rand(bn.hashCode(), 1f, 0.5f, 8))
                    .initializer(bn + ".bias", rand(bn.hashCode() + 1, 0.4f, -0.2f, 8))
                    .initializer(bn + ".running_mean", rand(bn.hashCode() + 2, 0.4f, -0.2f, 8))
                    .initializer(bn + ".running_var", rand(bn.hashCode() + 3, 1f, 0.5f, 8));
        }
        b.initializer("lo", Nd4j.scalar(0f)).initializer("hi", Nd4j.scalar(6f));
        b.namedNode("conv1", "Conv", List.of("x", "w1", "b1"), List.of("c1"), "pads", new long[] {1, 1, 1, 1})
                .namedNode("bn1", "BatchNormalization", List.of("c1", "bn1.weight", "bn1.bias", "bn1.running_mean",
                        "bn1.running_var"), List.of("n1"), "epsilon", 1e-3f)
                .namedNode("relu6", "Clip", List.of("n1", "lo", "hi"), List.of("r1"))
                .namedNode("dw2", "Conv", List.of("r1", "w2"), List.of("c2"), "group", 8L, "strides", new long[] {2, 2},
                        "pads", new long[] {0, 0, 1, 1})
                .namedNode("bn2", "BatchNormalization", List.of("c2", "bn2.weight", "bn2.bias", "bn2.running_mean",
                        "bn2.running_var"), List.of("n2"))
                .namedNode("relu", "Relu", List.of("n2"), List.of("r2"))
                .namedNode("dw3", "Conv", List.of("r2", "w3", "b3"), List.of("c3"), "group", 8L,
                        "dilations", new long[] {2, 2}, "pads", new long[] {2, 2, 2, 2})
                .namedNode("bn3", "BatchNormalization", List.of("c3", "bn3.weight", "bn3.bias", "bn3.running_mean",
                        "bn3.running_var"), List.of("y"))
                .namedNode("bn3_again", "BatchNormalization", List.of("r2", "bn3.weight", "bn3.bias",
                        "bn3.running_mean", "bn3.running_var"), List.of("z"));
        return b.output("y", DataType.FLOAT, -1, 8, 4, 4).output("z", DataType.FLOAT, -1, 8, 4, 4);
    }

    private static Set<String> opNames(SameDiff sd) {
        return sd.getOps().values().stream().map(o -> o.getOp().opName()).collect(Collectors.toSet());
    }

    @Test
    void rewrittenGraphMatchesOnnxRuntimeAndTheLiteralTranslation() {
        OnnxModel m = model().model();
        Translation fused = new OnnxTranslator().translate(m, TranslationOptions.defaults());
        Translation literal = new OnnxTranslator().translate(m, TranslationOptions.defaults().withFusion(false));
        assertThat(opNames(fused.sd())).contains("relu6").doesNotContain("depthwise_conv2d", "maximum", "minimum");
        assertThat(opNames(literal.sd())).contains("depthwise_conv2d", "maximum", "minimum");

        INDArray x = rand(9, 2f, -1f, 3, 4, 9, 9);
        Map<String, INDArray> ort;
        try (OrtRunner r = new OrtRunner(m.proto().toByteArray(), "rewrites", 1)) {
            ort = r.run(Map.of("x", x));
        }
        for (Translation t : List.of(fused, literal)) {
            for (String out : List.of("y", "z")) {
                String v = t.output(out).name();
                INDArray ours = t.sd().output(Map.of(t.inputs().get("x").name(), x), v).get(v);
                assertThat(ours.shape()).containsExactly(3, 8, 4, 4);
                assertThat(ours.sub(ort.get(out)).amaxNumber().doubleValue()).as(out).isLessThan(1e-5);
            }
        }
    }

    @Test
    void weightsGetTheGradientsOfTheLiteralTranslationAndRunningStatisticsStayConstant() {
        OnnxModel m = model().model();
        INDArray x = rand(11, 2f, -1f, 2, 4, 9, 9);
        INDArray probe = rand(12, 1f, -0.5f, 2, 8, 4, 4);
        Map<String, INDArray> a = gradients(new OnnxTranslator().translate(m, TranslationOptions.defaults()), x, probe);
        Map<String, INDArray> b = gradients(new OnnxTranslator().translate(m,
                TranslationOptions.defaults().withFusion(false)), x, probe);
        assertThat(a.keySet()).containsExactlyInAnyOrder("w1", "b1", "w2", "w3", "b3", "bn1.weight", "bn1.bias",
                "bn2.weight", "bn2.bias", "bn3.weight", "bn3.bias");
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String w : a.keySet()) {
            double scale = b.get(w).norm2Number().doubleValue();
            assertThat(scale).as(w).isPositive();
            assertThat(a.get(w).sub(b.get(w)).norm2Number().doubleValue() / scale).as(w).isLessThan(1e-5);
        }
    }

    /** d(sum(y * probe)) / d(weight) per ONNX initializer name. */
    private static Map<String, INDArray> gradients(Translation t, INDArray x, INDArray probe) {
        SameDiff sd = t.sd();
        SDVariable loss = sd.sum("loss", t.output("y").mul(sd.constant(probe)));
        loss.markAsLoss();
        Map<String, INDArray> g = sd.calculateGradients(Map.of(t.inputs().get("x").name(), x),
                t.weights().values().toArray(new String[0]));
        Map<String, INDArray> out = new HashMap<>();
        t.weights().forEach((onnx, var) -> out.put(onnx, g.get(var)));
        return out;
    }
}
