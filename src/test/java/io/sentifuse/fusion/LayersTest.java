package io.sentifuse.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.seeds.Seeds;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Layers#relu} and {@link Layers#broadcastMul} equal the stock ops they replace, values and gradients. */
class LayersTest {

    /** Pre-activations with zeros of both signs, negatives, positives, and values from an earlier layer. */
    private static final float[] X = {0f, -0f, -1.5f, 2.25f, -3e-8f, 7f, 0.5f, -0.25f, 1e-30f, -4f, 3f, -2f};

    /**
     * Builds {@code loss = sum((f(w * x, b))^2 * c)} twice, once through the stock op and once through the helper,
     * and returns both (values of f, gradients of w and b) as float arrays.
     */
    private static List<float[]> run(boolean helper, long[] bShape, BiFunction<Layers, SDVariable[], SDVariable> f,
                                     BiFunction<SameDiff, SDVariable[], SDVariable> stock) {
        SameDiff sd = SameDiff.create();
        Layers nn = new Layers(sd, sd.constant("training", Nd4j.scalar(DataType.FLOAT, 1f)), Seeds.of(1), DataType.FLOAT);
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 2, 2, 3);
        SDVariable w = sd.var("w", Nd4j.linspace(-1, 2, 12, DataType.FLOAT).reshape(2, 2, 3));
        long n = 1;
        for (long d : bShape) {
            n *= d;
        }
        SDVariable b = sd.var("b", Nd4j.linspace(-0.5, 1.5, n, DataType.FLOAT).reshape(bShape));
        SDVariable[] in = {x.mul(w), b};
        SDVariable y = (helper ? f.apply(nn, in) : stock.apply(sd, in)).rename("y");
        SDVariable c = sd.constant(Nd4j.linspace(1, 3, 12, DataType.FLOAT).reshape(2, 2, 3));
        y.mul(y).mul(c).sum().rename("loss");
        sd.setLossVariables("loss");
        Map<String, INDArray> ph = Map.of("x", Nd4j.createFromArray(X).reshape(2, 2, 3));
        INDArray value = sd.output(ph, "y").get("y");
        Map<String, INDArray> g = sd.calculateGradients(ph, "w", "b");
        return List.of(value.data().asFloat(), g.get("w").data().asFloat(), g.get("b").data().asFloat());
    }

    private static void assertSame(long[] bShape, BiFunction<Layers, SDVariable[], SDVariable> f,
                                   BiFunction<SameDiff, SDVariable[], SDVariable> stock) {
        List<float[]> expected = run(false, bShape, f, stock);
        List<float[]> got = run(true, bShape, f, stock);
        for (int i = 0; i < 3; i++) {
            // equal as numbers: relu's -0 for a negative input counts as 0 (no later sum or product tells them apart)
            assertThat(got.get(i)).as(List.of("values", "gradient of w", "gradient of b").get(i))
                    .usingElementComparator((a, e) -> a.floatValue() == e.floatValue() ? 0 : Float.compare(a, e))
                    .containsExactly(expected.get(i));
        }
        assertThat(expected.get(1)).as("the inputs reach both sides of the kink").contains(0f).doesNotContain(Float.NaN);
    }

    @Test
    void reluEqualsTheStockOpInValuesAndGradients() {
        assertSame(new long[] {3}, (nn, v) -> nn.relu(v[0]).add(v[1]), (sd, v) -> sd.nn.relu(v[0], 0).add(v[1]));
    }

    @Test
    void broadcastMulEqualsTheStockMultiplicationForGainsAndMasks() {
        // a gain over the last axis, as in layer norm
        assertSame(new long[] {3}, (nn, v) -> nn.broadcastMul(v[0], v[1]), (sd, v) -> v[0].mul(v[1]));
        // a [B, T, 1] mask, as in the masked mean
        assertSame(new long[] {2, 2, 1}, (nn, v) -> nn.broadcastMul(v[0], v[1]), (sd, v) -> v[0].mul(v[1]));
    }
}
