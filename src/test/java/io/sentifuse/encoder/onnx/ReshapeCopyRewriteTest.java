package io.sentifuse.encoder.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.encoder.TinyBert;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ReshapeCopyRewrite}: a Reshape whose target re-reads its own input's dimensions (the head split and merge of
 * every exported BERT) gets a constant target with copies; same values as ONNX Runtime, fewer ops, and a target that
 * reads another tensor's dimensions, or a dimension at another position, stays as it was.
 */
class ReshapeCopyRewriteTest {

    private static long ops(ModelBuilder b, boolean rewrites) {
        TranslationOptions o = TranslationOptions.defaults();
        return new OnnxTranslator().translate(b.model(), o.withFusion(rewrites)).sd().ops().length;
    }

    private static long count(ModelBuilder b, boolean rewrites, String opName) {
        var sd = new OnnxTranslator().translate(b.model(), TranslationOptions.defaults().withFusion(rewrites)).sd();
        return java.util.Arrays.stream(sd.ops()).filter(op -> op.opName().equals(opName)).count();
    }

    /** x [B, T, 6] reshaped to [dim(src, i), dim(src, j), 2, 3]. */
    private static ModelBuilder split(String dimsOf, long first, long second) {
        ModelBuilder b = new ModelBuilder(11);
        b.input("x", DataType.FLOAT, -1, -1, 6).input("y", DataType.FLOAT, -1, -1, 6);
        b.output("out", DataType.FLOAT, -1, -1, 2, 3);
        b.constant("i0", Nd4j.scalar(first)).constant("i1", Nd4j.scalar(second));
        b.constant("c2", Nd4j.createFromArray(2L)).constant("c3", Nd4j.createFromArray(3L));
        b.node("Shape", List.of(dimsOf), List.of("s"));
        b.node("Gather", List.of("s", "i0"), List.of("g0"), "axis", 0L);
        b.node("Gather", List.of("s", "i1"), List.of("g1"), "axis", 0L);
        b.node("Unsqueeze", List.of("g0"), List.of("u0"), "axes", new long[] {0});
        b.node("Unsqueeze", List.of("g1"), List.of("u1"), "axes", new long[] {0});
        b.node("Concat", List.of("u0", "u1", "c2", "c3"), List.of("target"), "axis", 0L);
        b.node("Reshape", List.of("x", "target"), List.of("out"));
        return b;
    }

    private static Map<String, INDArray> inputs() {
        return Map.of("x", Nd4j.rand(DataType.FLOAT, 3, 5, 6), "y", Nd4j.rand(DataType.FLOAT, 3, 5, 6));
    }

    @Test
    void aTargetOfTheInputsOwnDimensionsBecomesCopiesWithTheSameValues() {
        ModelBuilder b = split("x", 0, 1);
        OrtParity.assertMatchesOrt(b, inputs());
        // shape, slice, concat and reshape instead of two shapes, gathers and unsqueezes, equals, where, concat, reshape
        assertThat(ops(b, true)).isEqualTo(4);
        assertThat(ops(b, false)).isGreaterThan(8);
    }

    @Test
    void targetsReadingAnotherTensorOrAnotherPositionStayAsTheyWere() {
        ModelBuilder other = split("y", 0, 1);
        OrtParity.assertMatchesOrt(other, inputs());
        assertThat(ops(other, true)).isEqualTo(ops(other, false));
        ModelBuilder swapped = split("x", 1, 0);
        Map<String, INDArray> square = Map.of("x", Nd4j.rand(DataType.FLOAT, 4, 4, 6), "y", Nd4j.rand(DataType.FLOAT, 4, 4, 6));
        OrtParity.assertMatchesOrt(swapped, square);
        assertThat(ops(swapped, true)).isEqualTo(ops(swapped, false));
    }

    @Test
    void aTorchExportedBertLosesItsPerReshapeShapeArithmeticAndStillMatchesOnnxRuntime() {
        ModelBuilder bert = TinyBert.build(2, 5);
        INDArray ids = Nd4j.createFromArray(new long[][] {{1, 5, 9, 2}, {1, 7, 2, 0}});
        INDArray mask = Nd4j.createFromArray(new long[][] {{1, 1, 1, 1}, {1, 1, 1, 0}});
        OrtParity.assertMatchesOrt(bert, Map.of("input_ids", ids, "attention_mask", mask,
                "token_type_ids", Nd4j.zeros(DataType.LONG, 2, 4)));
        assertThat(count(bert, true, "equals_scalar")).as("no run-time test for ONNX's 0 is left").isZero();
        assertThat(count(bert, false, "equals_scalar")).isEqualTo(8);
        assertThat(ops(bert, true)).isLessThan(ops(bert, false));
    }
}
