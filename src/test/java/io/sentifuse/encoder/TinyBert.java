package io.sentifuse.encoder;

import io.sentifuse.encoder.onnx.ModelBuilder;
import io.sentifuse.seeds.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small BERT written the way torch.onnx.export writes BERT at opset 11 (decomposed LayerNorm and GELU,
 * attention heads split with Shape/Gather/Unsqueeze/Concat/Reshape on run-time dimensions, extended attention
 * mask (1 - mask) * -10000): the same op patterns as all-MiniLM-L6-v2, at a size tests run in milliseconds.
 */
public final class TinyBert {

    public static final int VOCAB = 60;
    public static final int HIDDEN = 16;
    public static final int HEADS = 2;
    public static final int MAX_POSITIONS = 64;

    /** How the model is exported. */
    public enum Style {
        /** torch.onnx.export at opset 11 (like all-MiniLM-L6-v2). */
        TORCH_11(11),
        /** HF optimum-style at opset 14: Unsqueeze axes as inputs, mask scaled by float32's lowest value. */
        OPTIMUM_14(14),
        /** Opset 17: LayerNormalization ops and a Where-built attention mask. */
        OPTIMUM_17(17),
        /** RoBERTa at opset 14: no token types input, position ids from CumSum over non-padding tokens. */
        ROBERTA_14(14);

        final int opset;

        Style(int opset) {
            this.opset = opset;
        }
    }

    /** RoBERTa's padding id (positions count from padding_idx + 1). */
    public static final long ROBERTA_PAD = 1;

    private final ModelBuilder b;
    private final Random random;
    private final Style style;
    private int n;

    private TinyBert(long seed, Style style) {
        this.random = Seeds.of(seed).random("tiny-bert");
        this.style = style;
        this.b = new ModelBuilder(style.opset);
    }

    /** The model with {@code layers} encoder layers, exported like torch.onnx.export at opset 11. */
    public static ModelBuilder build(int layers, long seed) {
        return build(layers, seed, Style.TORCH_11);
    }

    public static ModelBuilder build(int layers, long seed, Style style) {
        TinyBert t = new TinyBert(seed, style);
        t.graph(layers);
        return t.b;
    }

    /** Writes the model to a file. */
    public static Path write(Path file, int layers, long seed) throws java.io.IOException {
        Files.write(file, build(layers, seed).proto().toByteArray());
        return file;
    }

    private void graph(int layers) {
        boolean roberta = style == Style.ROBERTA_14;
        b.input("input_ids", DataType.LONG, -1, -1).input("attention_mask", DataType.LONG, -1, -1);
        if (!roberta) {
            b.input("token_type_ids", DataType.LONG, -1, -1);
        }
        b.output("last_hidden_state", DataType.FLOAT, -1, -1, HIDDEN);
        b.initializer("embeddings.word_embeddings.weight", weights(VOCAB, HIDDEN));
        b.initializer("embeddings.position_embeddings.weight", weights(MAX_POSITIONS + 2, HIDDEN));
        b.initializer("embeddings.token_type_embeddings.weight", weights(2, HIDDEN));
        String mask = extendedMask();
        String pos = roberta ? robertaPositions() : slicedPositions();
        String typeIds = roberta ? node("ConstantOfShape", List.of(node("Shape", List.of("input_ids"))),
                "value", Nd4j.createFromArray(0L)) : "token_type_ids";
        String words = node("Gather", List.of("embeddings.word_embeddings.weight", "input_ids"));
        String types = node("Gather", List.of("embeddings.token_type_embeddings.weight", typeIds));
        String sum = node("Add", List.of(words, types));
        String posEmb = node("Gather", List.of("embeddings.position_embeddings.weight", pos));
        String x = layerNorm(node("Add", List.of(sum, posEmb)), "embeddings.LayerNorm");
        for (int l = 0; l < layers; l++) {
            x = layer(x, mask, "encoder.layer." + l + ".");
        }
        b.node("Identity", List.of(x), List.of("last_hidden_state"));
    }

    /** [B, 1, 1, T]: 0 at real tokens, a large negative number at padding. */
    private String extendedMask() {
        String m2 = unsqueeze(unsqueeze("attention_mask", 1), 2);
        return switch (style) {
            case TORCH_11 -> node("Mul", List.of(node("Sub", List.of(constant(Nd4j.scalar(1f)), node("Cast", List.of(m2), "to", 1L))),
                    constant(Nd4j.scalar(-10000f))));
            case OPTIMUM_14, ROBERTA_14 -> node("Mul", List.of(node("Sub", List.of(constant(Nd4j.scalar(1f)),
                    node("Cast", List.of(m2), "to", 1L))), constant(Nd4j.scalar(-Float.MAX_VALUE))));
            case OPTIMUM_17 -> node("Where", List.of(node("Not", List.of(node("Cast", List.of(m2), "to", 9L))),
                    constant(Nd4j.scalar(-Float.MAX_VALUE)), constant(Nd4j.scalar(0f))));
        };
    }

    /** position_ids[:, :seq_len] from a [1, MAX_POSITIONS] initializer (BERT). */
    private String slicedPositions() {
        b.initializer("embeddings.position_ids", Nd4j.arange(MAX_POSITIONS).castTo(DataType.LONG).reshape(1, MAX_POSITIONS));
        String shape = node("Shape", List.of("input_ids"));
        String len = node("Gather", List.of(shape, constant(Nd4j.scalar(1L))), "axis", 0L);
        return node("Slice", List.of("embeddings.position_ids", constant(Nd4j.createFromArray(0L)), unsqueeze(len, 0),
                constant(Nd4j.createFromArray(1L)), constant(Nd4j.createFromArray(1L))));
    }

    /** cumsum(ids != pad) * (ids != pad) + pad (RoBERTa's create_position_ids_from_input_ids). */
    private String robertaPositions() {
        String notPad = node("Cast", List.of(node("Not", List.of(node("Equal", List.of("input_ids",
                constant(Nd4j.scalar(ROBERTA_PAD))))))), "to", 6L);
        String inc = node("Mul", List.of(node("CumSum", List.of(notPad, constant(Nd4j.scalar(1L)))), notPad));
        return node("Add", List.of(node("Cast", List.of(inc), "to", 7L), constant(Nd4j.scalar(ROBERTA_PAD))));
    }

    private String unsqueeze(String x, long axis) {
        return style.opset >= 13 ? node("Unsqueeze", List.of(x, constant(Nd4j.createFromArray(axis))))
                : node("Unsqueeze", List.of(x), "axes", new long[] {axis});
    }

    private String layer(String x, String mask, String p) {
        int d = HIDDEN / HEADS;
        String q = heads(dense(x, p + "attention.self.query", HIDDEN, HIDDEN), new long[] {0, 2, 1, 3});
        String k = heads(dense(x, p + "attention.self.key", HIDDEN, HIDDEN), new long[] {0, 2, 3, 1});
        String v = heads(dense(x, p + "attention.self.value", HIDDEN, HIDDEN), new long[] {0, 2, 1, 3});
        String scores = node("Div", List.of(node("MatMul", List.of(q, k)), constant(Nd4j.scalar((float) Math.sqrt(d)))));
        String probs = node("Softmax", List.of(node("Add", List.of(scores, mask))), "axis", style.opset >= 13 ? -1L : 3L);
        String ctx = node("Transpose", List.of(node("MatMul", List.of(probs, v))), "perm", new long[] {0, 2, 1, 3});
        String s = node("Shape", List.of(ctx));
        String b0 = unsqueeze(node("Gather", List.of(s, constant(Nd4j.scalar(0L))), "axis", 0L), 0);
        String b1 = unsqueeze(node("Gather", List.of(s, constant(Nd4j.scalar(1L))), "axis", 0L), 0);
        String merged = node("Reshape", List.of(ctx, node("Concat", List.of(b0, b1, constant(Nd4j.createFromArray((long) HIDDEN))), "axis", 0L)));
        String attn = layerNorm(node("Add", List.of(dense(merged, p + "attention.output.dense", HIDDEN, HIDDEN), x)), p + "attention.output.LayerNorm");
        String inter = gelu(dense(attn, p + "intermediate.dense", HIDDEN, 2 * HIDDEN));
        return layerNorm(node("Add", List.of(dense(inter, p + "output.dense", 2 * HIDDEN, HIDDEN), attn)), p + "output.LayerNorm");
    }

    /** [B, T, H] -> [B, heads, T, d] (or keys transposed), with the split computed from run-time dimensions. */
    private String heads(String x, long[] perm) {
        String s = node("Shape", List.of(x));
        String b0 = unsqueeze(node("Gather", List.of(s, constant(Nd4j.scalar(0L))), "axis", 0L), 0);
        String b1 = unsqueeze(node("Gather", List.of(s, constant(Nd4j.scalar(1L))), "axis", 0L), 0);
        String target = node("Concat", List.of(b0, b1, constant(Nd4j.createFromArray((long) HEADS)),
                constant(Nd4j.createFromArray((long) (HIDDEN / HEADS)))), "axis", 0L);
        return node("Transpose", List.of(node("Reshape", List.of(x, target))), "perm", perm);
    }

    private String dense(String x, String name, int in, int out) {
        b.initializer(name + ".weight_t", weights(in, out));
        b.initializer(name + ".bias", weights(out).mul(0.1));
        return node("Add", List.of(name + ".bias", node("MatMul", List.of(x, name + ".weight_t"))));
    }

    private String layerNorm(String x, String name) {
        b.initializer(name + ".weight", Nd4j.ones(DataType.FLOAT, HIDDEN).add(weights(HIDDEN).mul(0.1)));
        b.initializer(name + ".bias", weights(HIDDEN).mul(0.1));
        if (style == Style.OPTIMUM_17) {
            return node("LayerNormalization", List.of(x, name + ".weight", name + ".bias"), "axis", -1L, "epsilon", 1e-12f);
        }
        String mean = node("ReduceMean", List.of(x), "axes", new long[] {-1});
        String c = node("Sub", List.of(x, mean));
        String var = node("ReduceMean", List.of(node("Pow", List.of(c, constant(Nd4j.scalar(2f))))), "axes", new long[] {-1});
        String std = node("Sqrt", List.of(node("Add", List.of(var, constant(Nd4j.scalar(1e-12f))))));
        return node("Add", List.of(node("Mul", List.of(node("Div", List.of(c, std)), name + ".weight")), name + ".bias"));
    }

    private String gelu(String x) {
        String e = node("Erf", List.of(node("Div", List.of(x, constant(Nd4j.scalar(1.4142135f))))));
        return node("Mul", List.of(node("Mul", List.of(x, node("Add", List.of(e, constant(Nd4j.scalar(1f)))))),
                constant(Nd4j.scalar(0.5f))));
    }

    private String node(String op, List<String> inputs, Object... attributes) {
        String out = "/" + op + "_" + (n++) + "_output_0";
        b.node(op, inputs, List.of(out), attributes);
        return out;
    }

    private String constant(INDArray value) {
        String out = "/Constant_" + (n++) + "_output_0";
        b.constant(out, value);
        return out;
    }

    private INDArray weights(long... shape) {
        INDArray w = Nd4j.create(DataType.FLOAT, shape);
        float[] v = new float[(int) w.length()];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) (random.nextGaussian() * 0.3);
        }
        return Nd4j.createFromArray(v).reshape(shape);
    }
}
