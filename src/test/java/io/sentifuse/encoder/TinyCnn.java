package io.sentifuse.encoder;

import io.sentifuse.encoder.onnxbuild.Attrs;
import io.sentifuse.encoder.onnxbuild.OnnxBuilder;
import io.sentifuse.encoder.onnxbuild.OnnxFiles;
import io.sentifuse.seeds.Seeds;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;

/**
 * A small MobileNet-like CNN ONNX for fast tests: input [N, 3, 16, 16] -> Conv 3x3 stride 2 + BatchNormalization
 * + Clip(0, 6) -> depthwise 3x3 + BatchNormalization + Relu -> Conv 1x1 (8 channels, 4 x 4) -> GlobalAveragePool
 * -> Flatten -> Gemm to 3 logits. {@code extraOp}, when given, is inserted after the first Clip as a node named
 * {@code "odd_1"} (for the unsupported-operator path).
 */
public final class TinyCnn {

    public static final int SIZE = 16;
    public static final int CHANNELS = 8;

    private TinyCnn() {
    }

    public static ModelProto build(long seed, String extraOp) {
        Random r = Seeds.of(seed).random("tiny-cnn");
        OnnxBuilder b = new OnnxBuilder("tiny_cnn");
        int f = TensorProto.DataType.FLOAT_VALUE;
        b.input("input", f, "batch", 3L, (long) SIZE, (long) SIZE);
        b.floats("c1.weight", values(r, 6 * 3 * 9, 0.4f), 6, 3, 3, 3);
        batchNorm(b, r, "bn1", 6);
        b.floats("dw.weight", values(r, 6 * 9, 0.5f), 6, 1, 3, 3);
        batchNorm(b, r, "bn2", 6);
        b.floats("pw.weight", values(r, CHANNELS * 6, 0.5f), CHANNELS, 6, 1, 1);
        b.floats("pw.bias", values(r, CHANNELS, 0.1f), CHANNELS);
        b.floats("fc.weight", values(r, 3 * CHANNELS, 0.5f), 3, CHANNELS);
        b.floats("fc.bias", values(r, 3, 0.1f), 3);
        b.floats("six", new float[] {6f});
        b.floats("zero", new float[] {0f});
        String x = b.node("Conv", "c1", List.of("input", "c1.weight"), "c1_out", Attrs.ints("pads", 1, 1, 1, 1),
                Attrs.ints("strides", 2, 2));
        x = b.node("BatchNormalization", "bn1", bn("bn1", x), "bn1_out", Attrs.f("epsilon", 1e-3f));
        x = b.node("Clip", "relu6", List.of(x, "zero", "six"), "relu6_out");
        if (extraOp != null) {
            x = b.node(extraOp, "odd_1", List.of(x), "odd_out", Attrs.i("size", 3));
        }
        x = b.node("Conv", "dw", List.of(x, "dw.weight"), "dw_out", Attrs.ints("pads", 1, 1, 1, 1), Attrs.i("group", 6));
        x = b.node("BatchNormalization", "bn2", bn("bn2", x), "bn2_out", Attrs.f("epsilon", 1e-3f));
        x = b.node("Relu", "relu", List.of(x), "relu_out");
        x = b.node("Conv", "pw", List.of(x, "pw.weight", "pw.bias"), "features");
        x = b.node("GlobalAveragePool", "gap", List.of(x), "gap_out");
        x = b.node("Flatten", "flatten", List.of(x), "pooled", Attrs.i("axis", 1));
        b.node("Gemm", "fc", List.of(x, "fc.weight", "fc.bias"), "logits", Attrs.i("transB", 1));
        b.output("logits", "batch", 3L);
        return b.build(13, "sentifuse-test", "1");
    }

    public static Path write(Path file, long seed, String extraOp) {
        OnnxFiles.write(file, build(seed, extraOp));
        return file;
    }

    private static List<String> bn(String name, String x) {
        return List.of(x, name + ".weight", name + ".bias", name + ".running_mean", name + ".running_var");
    }

    private static void batchNorm(OnnxBuilder b, Random r, String name, int c) {
        float[] gamma = new float[c];
        float[] var = new float[c];
        for (int i = 0; i < c; i++) {
            gamma[i] = 0.5f + r.nextFloat();
            var[i] = 0.5f + r.nextFloat();
        }
        b.floats(name + ".weight", gamma, c);
        b.floats(name + ".bias", values(r, c, 0.2f), c);
        b.floats(name + ".running_mean", values(r, c, 0.2f), c);
        b.floats(name + ".running_var", var, c);
    }

    private static float[] values(Random r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }
}
