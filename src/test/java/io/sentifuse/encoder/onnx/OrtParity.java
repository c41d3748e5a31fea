package io.sentifuse.encoder.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.OrtRunner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One small ONNX model translated and run by SameDiff and by ONNX Runtime on the same inputs: every output equal. */
final class OrtParity {

    private OrtParity() {
    }

    /**
     * Every output of {@code b}'s model: same shape, max abs difference below 1e-4, with the initializers as
     * variables and as constants (the encoders use both; with constants, weight folds and layouts happen while
     * translating).
     */
    static void assertMatchesOrt(ModelBuilder b, Map<String, INDArray> inputs) {
        OnnxModel model = b.model();
        Map<String, INDArray> expected;
        try (OrtRunner ort = new OrtRunner(model.proto().toByteArray(), "parity", 1)) {
            expected = ort.run(inputs);
        }
        for (TranslationOptions.Weights weights : TranslationOptions.Weights.values()) {
            Translation t = new OnnxTranslator().translate(model, TranslationOptions.defaults().withWeights(weights));
            Map<String, INDArray> feed = new HashMap<>();
            inputs.forEach((k, v) -> feed.put(t.inputs().get(k).name(), v));
            for (OnnxModel.Port o : model.outputs()) {
                String name = t.output(o.name()).name();
                INDArray ours = t.sd().output(feed, name).get(name);
                INDArray ref = expected.get(o.name());
                String what = o.name() + ", weights " + weights;
                assertThat(ours.shape()).as(what).containsExactly(ref.shape());
                assertThat(ours.castTo(DataType.DOUBLE).sub(ref.castTo(DataType.DOUBLE)).amaxNumber().doubleValue())
                        .as(what).isLessThan(1e-4);
            }
        }
    }

    /** Every output of each of {@code translations} of {@code model}: ONNX Runtime's shape, max abs difference below
     * {@code tolerance}. */
    static void assertTranslationsMatch(OnnxModel model, Map<String, INDArray> inputs, List<Translation> translations,
                                        double tolerance) {
        Map<String, INDArray> expected;
        try (OrtRunner ort = new OrtRunner(model.proto().toByteArray(), "parity", 1)) {
            expected = ort.run(inputs);
        }
        for (Translation t : translations) {
            Map<String, INDArray> feed = new HashMap<>();
            inputs.forEach((k, v) -> feed.put(t.inputs().get(k).name(), v));
            for (OnnxModel.Port o : model.outputs()) {
                String name = t.output(o.name()).name();
                INDArray ours = t.sd().output(feed, name).get(name);
                assertThat(ours.shape()).as(o.name()).containsExactly(expected.get(o.name()).shape());
                assertThat(ours.sub(expected.get(o.name())).amaxNumber().doubleValue()).as(o.name())
                        .isLessThan(tolerance);
            }
        }
    }
}
