package io.sentifuse.encoder.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Translator 10: three dense products of one [B, T, H] input (a layer's query, key and value) flatten it and read its
 * leading dimensions once when rewrites are on; the values stay ONNX Runtime's.
 */
class SharedShapeArithmeticTest {

    /** Three products of x and, so that a key too coarse would show, one of y (other leading dimensions). */
    private static ModelBuilder threeProducts() {
        ModelBuilder b = new ModelBuilder(11);
        b.input("x", DataType.FLOAT, -1, -1, 4).input("y", DataType.FLOAT, -1, -1, 4);
        for (String n : List.of("q", "k", "v")) {
            b.initializer("w_" + n, Nd4j.rand(DataType.FLOAT, 4, 3));
            b.output(n, DataType.FLOAT, -1, -1, 3);
            b.node("MatMul", List.of("x", "w_" + n), List.of(n));
        }
        b.output("other", DataType.FLOAT, -1, -1, 3);
        b.node("MatMul", List.of("y", "w_q"), List.of("other"));
        return b;
    }

    private static long count(ModelBuilder b, boolean rewrites, String op) {
        SameDiff sd = new OnnxTranslator().translate(b.model(), TranslationOptions.defaults().withFusion(rewrites)).sd();
        return Arrays.stream(sd.ops()).filter(o -> o.opName().equals(op)).count();
    }

    @Test
    void threeProductsOfOneInputShareItsFlatteningAndShape() {
        ModelBuilder b = threeProducts();
        OrtParity.assertMatchesOrt(b, Map.of("x", Nd4j.rand(DataType.FLOAT, 2, 5, 4),
                "y", Nd4j.rand(DataType.FLOAT, 3, 7, 4)));
        assertThat(count(b, false, "shape_of")).isEqualTo(4);
        assertThat(count(b, true, "shape_of")).isEqualTo(2);
        // a flattening and a restoring reshape per product without sharing; x's flattening made once with it
        assertThat(count(b, false, "reshape")).isEqualTo(8);
        assertThat(count(b, true, "reshape")).isEqualTo(6);
        assertThat(count(b, true, "matmul")).isEqualTo(4);
    }
}
