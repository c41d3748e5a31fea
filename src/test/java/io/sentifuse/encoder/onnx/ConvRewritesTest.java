package io.sentifuse.encoder.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.encoder.onnx.proto.OnnxModel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.sentifuse.encoder.onnx.TranslationOptions.Depthwise;
import io.sentifuse.encoder.onnx.TranslationOptions.Weights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The CNN rewrites (Conv + BatchNormalization folded, depthwise convolution as shifted products or as ND4J's op,
 * TensorFlow-SAME padding inside the convolution, Clip(0, 6) as relu6) compute what ONNX Runtime computes, and give
 * the original weights the gradients of the literal translation, so fine-tuning through them trains the same
 * parameters the same way. Both depthwise forms are checked whichever ND4J build runs the test.
 */
class ConvRewritesTest {

    private static INDArray rand(long seed, float scale, float shift, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, shape).muli(scale).addi(shift);
    }

    /**
     * x [N, 4, 9, 9] -> Conv 3x3 (+bias) -> BN -> Clip(0, 6) -> depthwise 3x3 stride 2, asymmetric pads that are
     * not SAME's -> BN -> Relu -> depthwise 3x3 dilation 2 (+bias) -> BN -> y; a second BN reads the same running
     * statistics (z); from the Relu's 4 x 4 map, a depthwise (s) and a full (t) 3x3 stride-2 convolution with
     * TensorFlow-SAME pads (bottom and right only).
     */
    static ModelBuilder model() {
        ModelBuilder b = new ModelBuilder(13).input("x", DataType.FLOAT, -1, 4, 9, 9)
                .initializer("w1", rand(1, 0.6f, -0.3f, 8, 4, 3, 3)).initializer("b1", rand(2, 0.2f, -0.1f, 8))
                .initializer("w2", rand(3, 0.8f, -0.4f, 8, 1, 3, 3))
                .initializer("w3", rand(4, 0.8f, -0.4f, 8, 1, 3, 3)).initializer("b3", rand(5, 0.2f, 0f, 8))
                .initializer("w4", rand(6, 0.8f, -0.4f, 8, 1, 3, 3)).initializer("w5", rand(7, 0.6f, -0.3f, 8, 8, 3, 3))
                .initializer("b5", rand(8, 0.2f, -0.1f, 8));
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
                        "bn3.running_mean", "bn3.running_var"), List.of("z"))
                .namedNode("dw_same", "Conv", List.of("r2", "w4"), List.of("s"), "group", 8L,
                        "strides", new long[] {2, 2}, "pads", new long[] {0, 0, 1, 1})
                .namedNode("conv_same", "Conv", List.of("r2", "w5", "b5"), List.of("t"), "strides", new long[] {2, 2},
                        "auto_pad", "SAME_UPPER");
        return b.output("y", DataType.FLOAT, -1, 8, 4, 4).output("z", DataType.FLOAT, -1, 8, 4, 4)
                .output("s", DataType.FLOAT, -1, 8, 2, 2).output("t", DataType.FLOAT, -1, 8, 2, 2);
    }

    private static Set<String> opNames(SameDiff sd) {
        return sd.getOps().values().stream().map(o -> o.getOp().opName()).collect(Collectors.toSet());
    }

    private static long count(SameDiff sd, String op) {
        return sd.getOps().values().stream().filter(o -> o.getOp().opName().equals(op)).count();
    }

    private static TranslationOptions fused(Depthwise form) {
        return TranslationOptions.defaults().withDepthwise(form);
    }

    static Stream<Arguments> formsAndWeights() {
        return Stream.of(Depthwise.values()).flatMap(f -> Stream.of(Weights.values()).map(w -> Arguments.of(f, w)));
    }

    /** With constant weights the folds and layouts are computed while translating. */
    @ParameterizedTest
    @MethodSource("formsAndWeights")
    void rewrittenGraphMatchesOnnxRuntimeAndTheLiteralTranslation(Depthwise form, Weights weights) {
        OnnxModel m = model().model();
        Translation fused = new OnnxTranslator().translate(m, fused(form).withWeights(weights));
        Translation literal = new OnnxTranslator().translate(m,
                TranslationOptions.defaults().withFusion(false).withWeights(weights));
        if (weights == Weights.CONSTANTS) {
            // every weight is folded, spaced and laid out once: no weight-sized op left (the one sqrt is bn3_again's,
            // a BatchNormalization without a convolution), no constant stored unused
            assertThat(opNames(fused.sd())).doesNotContain("neg");
            // permutes only move activations between layouts (channels-last convolutions with the native form), never
            // a weight
            assertThat(fused.sd().getOps().values()).filteredOn(o -> o.getOp().opName().equals("permute"))
                    .allSatisfy(o -> assertThat(fused.sd().getVariable(o.getInputsToOp().get(0)).getVariableType())
                            .as("input of %s", o.getName()).isIn(VariableType.ARRAY, VariableType.PLACEHOLDER));
            if (form == Depthwise.TAPS) {
                assertThat(opNames(fused.sd())).doesNotContain("permute");
            }
            assertThat(count(fused.sd(), "sqrt")).isEqualTo(1);
            assertThat(fused.sd().variables()).filteredOn(v -> v.getVariableType() == VariableType.CONSTANT)
                    .allSatisfy(v -> assertThat(fused.sd().getVariables().get(v.name()).getInputsForOp())
                            .as("ops reading constant %s", v.name()).isNotEmpty());
        }
        assertThat(opNames(fused.sd())).contains("relu6").doesNotContain("maximum", "minimum");
        assertThat(opNames(literal.sd())).contains("depthwise_conv2d", "maximum", "minimum");
        // the literal graph pads activations three times (dw2, dw_same, conv_same), and dw3's kernel twice for its
        // dilation (zero spacing, one pad per axis) unless the kernel is a constant spaced while translating; fused
        // with ND4J's depthwise op the SAME pads go into the convolutions, while shifted products read a padded input
        // for each depthwise layer (dw3's symmetric pads too) and need no spaced kernel
        int kernelPads = weights == Weights.VARIABLES ? 2 : 0;
        assertThat(count(literal.sd(), "pad")).isEqualTo(3 + kernelPads);
        assertThat(count(fused.sd(), "pad")).isEqualTo(form == Depthwise.TAPS ? 3 : 1 + kernelPads);
        assertThat(count(fused.sd(), "depthwise_conv2d")).isEqualTo(form == Depthwise.TAPS ? 0 : 3);

        OrtParity.assertTranslationsMatch(m, Map.of("x", rand(9, 2f, -1f, 3, 4, 9, 9)), List.of(fused, literal), 1e-5);
    }

    @ParameterizedTest
    @EnumSource(Depthwise.class)
    void weightsGetTheGradientsOfTheLiteralTranslationAndRunningStatisticsStayConstant(Depthwise form) {
        OnnxModel m = model().model();
        INDArray x = rand(11, 2f, -1f, 2, 4, 9, 9);
        INDArray probe = rand(12, 1f, -0.5f, 2, 8, 4, 4);
        Map<String, INDArray> a = GradientParity.of(new OnnxTranslator().translate(m, fused(form)), x, loss(probe));
        Map<String, INDArray> b = GradientParity.of(new OnnxTranslator().translate(m,
                TranslationOptions.defaults().withFusion(false)), x, loss(probe));
        assertThat(a.keySet()).containsExactlyInAnyOrder("w1", "b1", "w2", "w3", "b3", "w4", "w5", "b5", "bn1.weight", "bn1.bias",
                "bn2.weight", "bn2.bias", "bn3.weight", "bn3.bias");
        GradientParity.assertClose(a, b, 1e-5);
    }

    /** sum(y * probe) + sum(s * p') + sum(t * p'), p' a corner of probe. */
    private static Function<Translation, SDVariable> loss(INDArray probe) {
        return t -> {
            SameDiff sd = t.sd();
            SDVariable corner = sd.constant(probe.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2),
                    NDArrayIndex.interval(0, 2)).dup());
            return sd.sum("loss", t.output("y").mul(sd.constant(probe)))
                    .add(sd.sum(t.output("s").mul(corner))).add(sd.sum(t.output("t").mul(corner)));
        };
    }
}
