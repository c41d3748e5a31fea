package io.sentifuse.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.encoder.onnx.OnnxTranslator;
import io.sentifuse.encoder.onnx.Translation;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Decomposed LayerNorms (torch opset 11) become ND4J's layer_norm without changing values or gradients. */
class LayerNormFusionTest {

    private static final INDArray IDS = Nd4j.createFromArray(new long[][] {{1, 5, 9, 5, 2}, {1, 7, 2, 0, 0}});
    private static final INDArray MASK = Nd4j.createFromArray(new long[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});

    private static Map<String, INDArray> feed(Translation t) {
        Map<String, INDArray> f = new HashMap<>();
        f.put(t.inputs().get("input_ids").name(), IDS);
        f.put(t.inputs().get("attention_mask").name(), MASK);
        f.put(t.inputs().get("token_type_ids").name(), Nd4j.zeros(DataType.LONG, 2, 5));
        return f;
    }

    private static long layerNorms(Translation t) {
        return t.sd().getOps().values().stream().filter(op -> op.getOp().opName().equals("layer_norm")).count();
    }

    @Test
    void fusedGraphComputesTheSameStatesAndGradients() {
        OnnxModel model = TinyBert.build(2, 17).model();
        Translation fused = new OnnxTranslator().translate(model, TranslationOptions.defaults());
        Translation plain = new OnnxTranslator().translate(model, TranslationOptions.defaults().withFusion(false));
        assertThat(layerNorms(fused)).isEqualTo(5);
        assertThat(layerNorms(plain)).isZero();
        assertThat(fused.ops()).isLessThan(plain.ops() - 5 * 7);

        Map<String, INDArray> grads = new HashMap<>();
        Map<String, INDArray> states = new HashMap<>();
        INDArray probe = Nd4j.rand(DataType.FLOAT, 1, 1, TinyBert.HIDDEN);
        for (Translation t : List.of(fused, plain)) {
            SDVariable out = t.output("last_hidden_state");
            t.sd().sum("probe_loss", out.mul(t.sd().constant(probe)));
            t.sd().setLossVariables("probe_loss");
            String key = t == fused ? "fused" : "plain";
            states.put(key, t.sd().output(feed(t), out.name()).get(out.name()));
            Map<String, INDArray> g = t.sd().calculateGradients(feed(t), new ArrayList<>(t.weights().values()));
            t.weights().forEach((onnx, var) -> grads.put(key + ":" + onnx, g.get(var)));
        }
        assertThat(states.get("fused").sub(states.get("plain")).amaxNumber().doubleValue()).isLessThan(1e-5);
        for (String w : fused.weights().keySet()) {
            INDArray a = grads.get("fused:" + w);
            INDArray b = grads.get("plain:" + w);
            // the key bias has a zero gradient in exact arithmetic (softmax ignores a per-row shift): compare
            // against a floor, not against its float noise
            double scale = Math.max(1e-2, b.amaxNumber().doubleValue());
            assertThat(a.sub(b).amaxNumber().doubleValue() / scale).as("gradient of %s", w).isLessThan(1e-3);
        }
    }

    @Test
    void epsilonTooLargeForTheNativeOpIsLeftDecomposed() {
        for (float eps : new float[] {1e-5f, 1e-12f}) {
            io.sentifuse.encoder.onnx.ModelBuilder b = new io.sentifuse.encoder.onnx.ModelBuilder(11)
                    .input("x", DataType.FLOAT, -1, 4)
                    .initializer("g", Nd4j.ones(DataType.FLOAT, 4))
                    .initializer("b", Nd4j.zeros(DataType.FLOAT, 4))
                    .constant("two", Nd4j.scalar(2f))
                    .constant("eps", Nd4j.scalar(eps))
                    .node("ReduceMean", List.of("x"), List.of("m"), "axes", new long[] {-1})
                    .node("Sub", List.of("x", "m"), List.of("d"))
                    .node("Pow", List.of("d", "two"), List.of("p"))
                    .node("ReduceMean", List.of("p"), List.of("v"), "axes", new long[] {-1})
                    .node("Add", List.of("v", "eps"), List.of("a"))
                    .node("Sqrt", List.of("a"), List.of("s"))
                    .node("Div", List.of("d", "s"), List.of("n"))
                    .node("Mul", List.of("n", "g"), List.of("y"))
                    .node("Add", List.of("y", "b"), List.of("z"))
                    .output("z", DataType.FLOAT, -1, 4);
            Translation t = new OnnxTranslator().translate(b.model(), TranslationOptions.defaults());
            assertThat(layerNorms(t)).as("eps %s", eps).isEqualTo(eps < 1e-9 ? 1 : 0);
            INDArray x = Nd4j.createFromArray(new float[][] {{1, 2, 3, 4}, {0.001f, 0.002f, 0.0f, 0.004f}});
            INDArray z = t.sd().output(Map.of(t.inputs().get("x").name(), x), t.output("z").name()).get(t.output("z").name());
            INDArray c = x.subColumnVector(x.mean(1));
            INDArray expected = c.divColumnVector(org.nd4j.linalg.ops.transforms.Transforms.sqrt(c.mul(c).mean(1).add(eps)));
            assertThat(z.sub(expected).amaxNumber().doubleValue()).as("eps %s", eps).isLessThan(1e-4);
        }
    }
}
