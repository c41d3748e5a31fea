package io.sentifuse.encoder.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.encoder.onnx.TranslationOptions.Depthwise;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Channels-last activations (translator version 11): with the native depthwise form the translator runs a CNN's
 * convolutions, element-wise ops, residual adds, pools (the average's count mask included), pads, channel
 * concatenations and global pools channels-last, permutes only where a channels-first reader needs the array, and
 * computes what ONNX Runtime computes, with the literal translation's gradients.
 */
class ChannelsLastTest {

    private static INDArray rand(long seed, float scale, float shift, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, shape).muli(scale).addi(shift);
    }

    /**
     * x [N, 9, 9, 4] (a TensorFlow model's channels-last input) -> Transpose -> Conv 3x3 -> Relu -> depthwise 3x3 ->
     * Clip(0, 6) -> + the Relu (residual) -> MaxPool 3x3/2 -> AveragePool 3x3 padded, pads not counted -> Pad ->
     * two branches (Conv 1x1, Conv 3x3) -> Concat on channels (k) -> GlobalAveragePool (p) and ReduceMean over H, W
     * (q); m = k times a per-channel constant, an op that reads channels-first.
     */
    static ModelBuilder model() {
        return new ModelBuilder(13).input("x", DataType.FLOAT, -1, 9, 9, 4)
                .initializer("w1", rand(1, 0.6f, -0.3f, 8, 4, 3, 3)).initializer("b1", rand(2, 0.2f, -0.1f, 8))
                .initializer("w2", rand(3, 0.8f, -0.4f, 8, 1, 3, 3))
                .initializer("w3", rand(4, 0.6f, -0.3f, 4, 8, 1, 1))
                .initializer("w4", rand(5, 0.4f, -0.2f, 6, 8, 3, 3)).initializer("b4", rand(6, 0.2f, -0.1f, 6))
                .initializer("scale", rand(7, 1f, 0.5f, 1, 10, 1, 1))
                .initializer("lo", Nd4j.scalar(0f)).initializer("hi", Nd4j.scalar(6f))
                .initializer("pads", Nd4j.createFromArray(0L, 0L, 1L, 0L, 0L, 0L, 0L, 1L))
                .namedNode("to_first", "Transpose", List.of("x"), List.of("a"), "perm", new long[] {0, 3, 1, 2})
                .namedNode("conv1", "Conv", List.of("a", "w1", "b1"), List.of("c1"), "pads", new long[] {1, 1, 1, 1})
                .namedNode("relu", "Relu", List.of("c1"), List.of("r1"))
                .namedNode("dw", "Conv", List.of("r1", "w2"), List.of("d"), "group", 8L, "pads", new long[] {1, 1, 1, 1})
                .namedNode("relu6", "Clip", List.of("d", "lo", "hi"), List.of("e"))
                .namedNode("residual", "Add", List.of("e", "r1"), List.of("f"))
                .namedNode("max", "MaxPool", List.of("f"), List.of("g"), "kernel_shape", new long[] {3, 3},
                        "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1})
                .namedNode("avg", "AveragePool", List.of("g"), List.of("h"), "kernel_shape", new long[] {3, 3},
                        "pads", new long[] {1, 1, 1, 1}, "count_include_pad", 0L)
                .namedNode("pad", "Pad", List.of("h", "pads"), List.of("i"))
                .namedNode("branch1", "Conv", List.of("i", "w3"), List.of("j1"))
                .namedNode("branch2", "Conv", List.of("i", "w4", "b4"), List.of("j2"), "pads", new long[] {1, 1, 1, 1})
                .namedNode("concat", "Concat", List.of("j1", "j2"), List.of("k"), "axis", 1L)
                .namedNode("gap", "GlobalAveragePool", List.of("k"), List.of("p"))
                .namedNode("mean", "ReduceMean", List.of("k"), List.of("q"), "axes", new long[] {2, 3}, "keepdims", 1L)
                .namedNode("scaled", "Mul", List.of("k", "scale"), List.of("m"))
                .output("k", DataType.FLOAT, -1, 10, 6, 6).output("p", DataType.FLOAT, -1, 10, 1, 1)
                .output("q", DataType.FLOAT, -1, 10, 1, 1).output("m", DataType.FLOAT, -1, 10, 6, 6);
    }

    private static long count(SameDiff sd, String op) {
        return sd.getOps().values().stream().filter(o -> o.getOp().opName().equals(op)).count();
    }

    @ParameterizedTest
    @EnumSource(Depthwise.class)
    void matchesOnnxRuntimeAndPermutesOnlyForChannelsFirstReaders(Depthwise form) {
        OnnxModel m = model().model();
        Translation fused = new OnnxTranslator().translate(m, TranslationOptions.defaults().withDepthwise(form)
                .withWeights(TranslationOptions.Weights.CONSTANTS));
        Translation literal = new OnnxTranslator().translate(m, TranslationOptions.defaults().withFusion(false));
        // channels-last: the input's Transpose is read as is; the outputs k (also read by m's Mul), p and q are
        // permuted once each. Shifted products (TAPS) keep every array channels-first: only the Transpose remains.
        assertThat(count(fused.sd(), "permute")).isEqualTo(form == Depthwise.NATIVE ? 3 : 1);
        // the literal translation: the Transpose and each convolution's weight layout, on every pass
        assertThat(count(literal.sd(), "permute")).isEqualTo(5);
        OrtParity.assertTranslationsMatch(m, Map.of("x", rand(9, 2f, -1f, 3, 9, 9, 4)), List.of(fused, literal), 1e-5);
    }

    @Test
    void weightsGetTheGradientsOfTheLiteralTranslation() {
        OnnxModel m = model().model();
        INDArray x = rand(11, 2f, -1f, 2, 9, 9, 4);
        INDArray probe = rand(12, 1f, -0.5f, 2, 10, 6, 6);
        Map<String, INDArray> a = GradientParity.of(new OnnxTranslator().translate(m,
                TranslationOptions.defaults().withDepthwise(Depthwise.NATIVE)), x, loss(probe));
        Map<String, INDArray> b = GradientParity.of(new OnnxTranslator().translate(m,
                TranslationOptions.defaults().withFusion(false)), x, loss(probe));
        assertThat(a.keySet()).containsExactlyInAnyOrder("w1", "b1", "w2", "w3", "w4", "b4", "scale");
        GradientParity.assertClose(a, b, 1e-5);
    }

    /** sum(k * probe) + sum(m) + sum(p) + sum(q). */
    private static Function<Translation, SDVariable> loss(INDArray probe) {
        return t -> {
            SameDiff sd = t.sd();
            return sd.sum("loss", t.output("k").mul(sd.constant(probe))).add(sd.sum(t.output("m")))
                    .add(sd.sum(t.output("p"))).add(sd.sum(t.output("q")));
        };
    }
}
