package io.sentifuse.encoder.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.encoder.onnx.ModelBuilder;
import io.sentifuse.encoder.onnx.OnnxTranslator;
import io.sentifuse.encoder.onnx.Translation;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.errors.UserInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModelVerifierTest {

    @Test
    void paddedPositionsAreNotCompared() {
        INDArray expected = Nd4j.zeros(DataType.FLOAT, 2, 3, 4);
        INDArray actual = expected.dup();
        actual.putScalar(new long[] {1, 2, 0}, 5f);   // a padded position
        actual.putScalar(new long[] {0, 1, 3}, 0.25f); // a real token
        INDArray mask = Nd4j.createFromArray(new long[][] {{1, 1, 1}, {1, 1, 0}});
        VerificationReport.OutputDiff d = ModelVerifier.compare(expected, actual, mask, "h", "case");
        assertThat(d.maxAbsDiff()).isEqualTo(0.25);
        assertThat(d.compared()).isEqualTo(5 * 4);
        assertThat(ModelVerifier.compare(expected, actual, null, "h", "case").maxAbsDiff()).isEqualTo(5);
    }

    @Test
    void relativeL2IsTheNormOfTheDifferenceOverTheNormOfTheReference() {
        INDArray expected = Nd4j.createFromArray(3f, 4f);
        INDArray actual = Nd4j.createFromArray(3f, 4.5f);
        assertThat(ModelVerifier.compare(expected, actual, null, "y", "c").relL2()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void alteredGraphFailsVerificationAndIsRefusedWithFigures() {
        OnnxModel model = new ModelBuilder(13)
                .input("x", DataType.FLOAT, -1, 3)
                .initializer("w", Nd4j.arange(6).castTo(DataType.FLOAT).reshape(3, 2))
                .node("MatMul", List.of("x", "w"), List.of("y"))
                .output("y", DataType.FLOAT, -1, 2)
                .model();
        Translation t = new OnnxTranslator().translate(model, TranslationOptions.defaults());
        List<VerificationCase> cases = List.of(new VerificationCase("2x3", "2x3",
                Map.of("x", Nd4j.ones(DataType.FLOAT, 2, 3)), null));
        Map<String, String> in = Map.of("x", t.inputs().get("x").name());
        Map<String, String> out = Map.of("y", t.output("y").name());
        VerificationReport good = ModelVerifier.verify(model.proto().toByteArray(), "m.onnx", t.sd(), in, out, cases, 1e-4, 1);
        assertThat(good.verified()).isTrue();
        assertThat(good.maxAbsDiff()).isZero();

        t.sd().getVariable(t.weights().get("w")).getArr().addi(0.01);
        VerificationReport bad = ModelVerifier.verify(model.proto().toByteArray(), "m.onnx", t.sd(), in, out, cases, 1e-4, 1);
        assertThat(bad.verified()).isFalse();
        assertThat(bad.maxAbsDiff()).isCloseTo(0.03, org.assertj.core.data.Offset.offset(1e-5));
        assertThatThrownBy(() -> ModelVerifier.requireVerified(bad, "m.onnx"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("m.onnx: the translated graph differs from ONNX Runtime: output 'y' in case 2x3 has max abs diff"
                        + " 0.0300 (tolerance 0.0001 x largest |value| 9.00 = 0.000900), relative L2 "
                        + String.format("%.3g", bad.relL2()) + "; the model is refused");
        // The allowance scales with the output's magnitude: y is [6, 9], so 0.03 passes at tolerance 0.004.
        assertThat(ModelVerifier.verify(model.proto().toByteArray(), "m.onnx", t.sd(), in, out, cases, 0.004, 1)
                .verified()).isTrue();
        assertThat(ModelVerifier.verify(model.proto().toByteArray(), "m.onnx", t.sd(), in, out, cases, 0.003, 1)
                .verified()).isFalse();
    }

    @Test
    void padBeforeMaxPoolIsVerifiedWithoutOnnxRuntimesFaultyFusion() {
        // ORT 1.20 with graph optimisations folds the zero Pad into MaxPool's -inf padding: on an all-negative
        // input the border windows then give -5 instead of 0, and a correct translation would be refused.
        OnnxModel model = new ModelBuilder(13)
                .input("x", DataType.FLOAT, -1, 3, 4, 4)
                .initializer("pads", Nd4j.createFromArray(new long[] {0, 0, 1, 1, 0, 0, 1, 1}))
                .node("Pad", List.of("x", "pads"), List.of("p"))
                .node("MaxPool", List.of("p"), List.of("y"), "kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2})
                .output("y", DataType.FLOAT, -1, 3, 3, 3)
                .model();
        assertThat(OrtRunner.optimisationsUnsafe(model.proto())).isTrue();
        Translation t = new OnnxTranslator().translate(model, TranslationOptions.defaults());
        List<VerificationCase> cases = List.of(new VerificationCase("1x3x4x4", "1x3x4x4",
                Map.of("x", Nd4j.valueArrayOf(new long[] {1, 3, 4, 4}, -5f)), null));
        VerificationReport r = ModelVerifier.verify(model.proto().toByteArray(), "pad-pool.onnx", t.sd(),
                Map.of("x", t.inputs().get("x").name()), Map.of("y", t.output("y").name()), cases, 1e-6, 1);
        assertThat(r.verified()).isTrue();
        assertThat(r.maxAbsDiff()).isZero();
    }
}
