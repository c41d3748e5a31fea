package io.sentifuse.encoder.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Gradients of a translated model's weights, by ONNX initializer name, and their comparison across translations. */
final class GradientParity {

    private GradientParity() {
    }

    /** d(loss) / d(weight) for every weight of {@code t}, {@code loss} built on {@code t}, input {@code x} fed. */
    static Map<String, INDArray> of(Translation t, INDArray x, Function<Translation, SDVariable> loss) {
        loss.apply(t).markAsLoss();
        Map<String, INDArray> g = t.sd().calculateGradients(Map.of(t.inputs().get("x").name(), x),
                t.weights().values().toArray(new String[0]));
        Map<String, INDArray> out = new HashMap<>();
        t.weights().forEach((onnx, var) -> out.put(onnx, g.get(var)));
        return out;
    }

    /** Every gradient of {@code actual} within {@code relative} (L2, relative to {@code expected}'s norm), none zero. */
    static void assertClose(Map<String, INDArray> actual, Map<String, INDArray> expected, double relative) {
        assertThat(expected.keySet()).isEqualTo(actual.keySet());
        for (String w : actual.keySet()) {
            double scale = expected.get(w).norm2Number().doubleValue();
            assertThat(scale).as(w).isPositive();
            assertThat(actual.get(w).sub(expected.get(w)).norm2Number().doubleValue() / scale).as(w)
                    .isLessThan(relative);
        }
    }
}
