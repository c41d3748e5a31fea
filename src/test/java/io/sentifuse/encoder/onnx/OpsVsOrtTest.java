package io.sentifuse.encoder.onnx;

import static io.sentifuse.encoder.onnx.OrtParity.assertMatchesOrt;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Operator forms that ONNX 1.12's node tests do not exercise (grouped and depthwise convolutions, 1-D and 3-D
 * windows, batch-broadcast MatMul, run-time negative Gather indices, edge padding), compared with ONNX Runtime.
 */
class OpsVsOrtTest {

    private static INDArray rand(long... shape) {
        Nd4j.getRandom().setSeed(shape.length * 31L + shape[shape.length - 1]);
        return Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
    }

    @Test
    void depthwiseAndGroupedConvolutions() {
        INDArray x = rand(2, 4, 9, 9);
        assertMatchesOrt(new ModelBuilder(13)
                .input("x", DataType.FLOAT, -1, 4, 9, 9)
                .initializer("dw", rand(8, 1, 3, 3)).initializer("db", rand(8))
                .initializer("gw", rand(6, 2, 3, 3))
                .node("Conv", List.of("x", "dw", "db"), List.of("depthwise"), "group", 4L, "pads", new long[] {1, 1, 1, 1},
                        "strides", new long[] {2, 2})
                .node("Conv", List.of("x", "gw"), List.of("grouped"), "group", 2L, "dilations", new long[] {2, 2},
                        "pads", new long[] {2, 1, 2, 3})
                .output("depthwise", DataType.FLOAT, -1, 8, 5, 5)
                .output("grouped", DataType.FLOAT, -1, 6, 9, 9), Map.of("x", x));
    }

    @Test
    void oneAndThreeDimensionalWindows() {
        assertMatchesOrt(new ModelBuilder(13)
                .input("s", DataType.FLOAT, 2, 3, 11)
                .initializer("w1", rand(4, 3, 3))
                .node("Conv", List.of("s", "w1"), List.of("c1"), "auto_pad", "SAME_LOWER", "strides", new long[] {2})
                .node("AveragePool", List.of("c1"), List.of("p1"), "kernel_shape", new long[] {2}, "pads", new long[] {1, 0},
                        "ceil_mode", 1L)
                .output("p1", DataType.FLOAT, 2, 4, -1), Map.of("s", rand(2, 3, 11)));
        assertMatchesOrt(new ModelBuilder(13)
                .input("v", DataType.FLOAT, 1, 2, 6, 7, 5)
                .initializer("w3", rand(3, 2, 3, 2, 2))
                .node("Conv", List.of("v", "w3"), List.of("c3"), "pads", new long[] {1, 0, 1, 1, 1, 0})
                .node("MaxPool", List.of("c3"), List.of("p3"), "kernel_shape", new long[] {2, 2, 2}, "strides", new long[] {2, 1, 2})
                .output("p3", DataType.FLOAT, 1, 3, -1, -1, -1), Map.of("v", rand(1, 2, 6, 7, 5)));
    }

    @Test
    void matMulBroadcastsBatchDimensionsAndGatherTakesRunTimeNegativeIndices() {
        assertMatchesOrt(new ModelBuilder(13)
                .input("a", DataType.FLOAT, 2, 1, 3, 4)
                .input("b", DataType.FLOAT, 5, 4, 6)
                .input("table", DataType.FLOAT, 3, 7)
                .input("idx", DataType.LONG, 2, 2)
                .node("MatMul", List.of("a", "b"), List.of("ab"))
                .node("Gather", List.of("table", "idx"), List.of("g"), "axis", 1L)
                .output("ab", DataType.FLOAT, 2, 5, 3, 6)
                .output("g", DataType.FLOAT, 3, 2, 2),
                Map.of("a", rand(2, 1, 3, 4), "b", rand(5, 4, 6), "table", rand(3, 7),
                        "idx", Nd4j.createFromArray(new long[][] {{-1, 2}, {0, -7}})));
    }

    @Test
    void edgeAndReflectPadding() {
        assertMatchesOrt(new ModelBuilder(13)
                .input("x", DataType.FLOAT, 2, 3, 4)
                .constant("pads", Nd4j.createFromArray(0L, 2L, 1L, 0L, 1L, 3L))
                .node("Pad", List.of("x", "pads"), List.of("edge"), "mode", "edge")
                .node("Pad", List.of("x", "pads"), List.of("reflect"), "mode", "reflect")
                .output("edge", DataType.FLOAT, 2, 6, 8)
                .output("reflect", DataType.FLOAT, 2, 6, 8), Map.of("x", rand(2, 3, 4)));
    }
}
