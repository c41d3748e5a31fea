package io.sentifuse.encoder.onnx;

import static io.sentifuse.encoder.onnx.OrtParity.assertMatchesOrt;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dilated convolutions and pooling against ONNX Runtime, in every form the translator emits for them: ND4J's oneDNN
 * builds refuse dilated convolutions and ignore pooling dilations, so these must hold on every ND4J binary.
 */
class DilationTest {

    private static INDArray rand(long... shape) {
        Nd4j.getRandom().setSeed(shape.length * 17L + shape[shape.length - 1]);
        return Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
    }

    @Test
    void dilatedMaxPoolingIn1d2dAnd3dWithStridesPaddingAndRunTimeSizes() {
        assertMatchesOrt(new ModelBuilder(13)
                .input("x", DataType.FLOAT, 2, 3, -1, -1)
                .node("MaxPool", List.of("x"), List.of("p"), "kernel_shape", new long[] {3, 2}, "dilations",
                        new long[] {2, 3}, "strides", new long[] {2, 1}, "pads", new long[] {1, 0, 2, 1})
                .output("p", DataType.FLOAT, 2, 3, -1, -1), Map.of("x", rand(2, 3, 11, 10)));
        assertMatchesOrt(new ModelBuilder(13)
                .input("s", DataType.FLOAT, 1, 2, 13)
                .node("MaxPool", List.of("s"), List.of("p1"), "kernel_shape", new long[] {3}, "dilations", new long[] {3},
                        "strides", new long[] {2}, "ceil_mode", 1L)
                .output("p1", DataType.FLOAT, 1, 2, -1), Map.of("s", rand(1, 2, 13)));
        assertMatchesOrt(new ModelBuilder(13)
                .input("v", DataType.FLOAT, 1, 2, 7, 6, 8)
                .node("MaxPool", List.of("v"), List.of("p3"), "kernel_shape", new long[] {2, 2, 3}, "dilations",
                        new long[] {2, 1, 2}, "strides", new long[] {1, 2, 1})
                .output("p3", DataType.FLOAT, 1, 2, -1, -1, -1), Map.of("v", rand(1, 2, 7, 6, 8)));
    }

    @Test
    void dilatedConvolutionsPlainDepthwiseGroupedAnd1dAnd3d() {
        assertMatchesOrt(new ModelBuilder(13)
                .input("x", DataType.FLOAT, 2, 4, -1, -1)
                .initializer("w", rand(5, 4, 3, 2)).initializer("b", rand(5))
                .initializer("dw", rand(4, 1, 3, 3))
                .initializer("gw", rand(6, 2, 2, 3))
                .node("Conv", List.of("x", "w", "b"), List.of("plain"), "dilations", new long[] {2, 3}, "strides",
                        new long[] {1, 2}, "pads", new long[] {2, 1, 1, 2})
                // run-time spatial size: the depthwise tap rewrite does not apply, ND4J's depthwise op runs
                .node("Conv", List.of("x", "dw"), List.of("depthwise"), "group", 4L, "dilations", new long[] {3, 2},
                        "pads", new long[] {3, 2, 3, 2})
                .node("Conv", List.of("x", "gw"), List.of("grouped"), "group", 2L, "dilations", new long[] {2, 2})
                .output("plain", DataType.FLOAT, 2, 5, -1, -1)
                .output("depthwise", DataType.FLOAT, 2, 4, -1, -1)
                .output("grouped", DataType.FLOAT, 2, 6, -1, -1), Map.of("x", rand(2, 4, 10, 11)));
        assertMatchesOrt(new ModelBuilder(13)
                .input("s", DataType.FLOAT, 2, 3, 17)
                .initializer("w1", rand(4, 3, 3))
                .node("Conv", List.of("s", "w1"), List.of("c1"), "dilations", new long[] {4}, "strides", new long[] {2})
                .output("c1", DataType.FLOAT, 2, 4, -1), Map.of("s", rand(2, 3, 17)));
        assertMatchesOrt(new ModelBuilder(13)
                .input("v", DataType.FLOAT, 1, 2, 7, 6, 8)
                .initializer("w3", rand(3, 2, 2, 3, 2))
                .node("Conv", List.of("v", "w3"), List.of("c3"), "dilations", new long[] {3, 1, 2}, "pads",
                        new long[] {1, 1, 0, 1, 1, 0})
                .output("c3", DataType.FLOAT, 1, 3, -1, -1, -1), Map.of("v", rand(1, 2, 7, 6, 8)));
    }
}
