package io.sentifuse.encoder.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.errors.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OnnxTranslatorTest {

    private final OnnxTranslator translator = new OnnxTranslator();

    /** y = x @ W + b with W [4, 3], b [3]; x [batch, 4]. */
    private static ModelBuilder dense(INDArray w, INDArray b) {
        return new ModelBuilder(13)
                .input("x", DataType.FLOAT, -1, 4)
                .initializer("W", w)
                .initializer("b", b)
                .node("MatMul", List.of("x", "W"), List.of("xw"))
                .node("Add", List.of("xw", "b"), List.of("y"))
                .output("y", DataType.FLOAT, -1, 3);
    }

    @Test
    void unsupportedOperatorIsRefusedBeforeAnythingIsBuilt() {
        OnnxModel model = new ModelBuilder(13)
                .input("x", DataType.FLOAT, 2)
                .node("Relu", List.of("x"), List.of("r"))
                .node("Frobnicate", List.of("r"), List.of("y"))
                .output("y", DataType.FLOAT, 2)
                .model();
        SameDiff sd = SameDiff.create();
        assertThatThrownBy(() -> translator.translate(sd, model, TranslationOptions.defaults(), Map.of()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("test-model.onnx cannot be translated: operator 'Frobnicate' (node #1 (outputs y), opset 13) is not supported");
        assertThat(sd.variables()).isEmpty();
        assertThat(sd.getOps()).isEmpty();
    }

    @Test
    void namedNodeAndCustomDomainAreNamedInTheRefusal() {
        OnnxModel model = new ModelBuilder(11)
                .input("x", DataType.FLOAT, 2)
                .namedNode("attention_7", "Attention", List.of("x"), List.of("y"))
                .output("y", DataType.FLOAT, 2)
                .model();
        assertThatThrownBy(() -> translator.check(model))
                .hasMessageContaining("operator 'Attention' (node 'attention_7', opset 11) is not supported");
    }

    @Test
    void corruptFileIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.onnx");
        Files.write(file, new byte[] {0x12, 0x7f, 0x01, 0x55, 0x33, (byte) 0xff, 0x00, 0x08});
        assertThatThrownBy(() -> OnnxModel.read(file))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not an ONNX model");
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "this is a text file, not a model");
        assertThatThrownBy(() -> OnnxModel.read(text)).hasMessageContaining(text.toString()).hasMessageContaining("not an ONNX model");
        assertThatThrownBy(() -> OnnxModel.read(dir.resolve("missing.onnx"))).hasMessageContaining("does not exist");
    }

    @Test
    void translatesIntoAnExistingGraphWithPrefixAndCallerInputs() {
        INDArray w = Nd4j.arange(12).castTo(DataType.FLOAT).reshape(4, 3).mul(0.25).sub(1);
        INDArray b = Nd4j.createFromArray(0.5f, -1f, 2f);
        SameDiff sd = SameDiff.create();
        SDVariable features = sd.placeHolder("features", DataType.FLOAT, -1, 4);
        Translation t = translator.translate(sd, dense(w, b).model(), TranslationOptions.defaults().withPrefix("enc/"),
                Map.of("x", features));
        SDVariable y = t.output("y");
        assertThat(y.name()).isEqualTo("enc/y");
        assertThat(t.inputs().get("x")).isSameAs(features);
        assertThat(t.weights()).containsOnlyKeys("W", "b");
        for (String v : t.weightVariables()) {
            assertThat(v).startsWith("enc/");
            assertThat(sd.getVariable(v).getVariableType()).isEqualTo(VariableType.VARIABLE);
        }
        INDArray x = Nd4j.arange(8).castTo(DataType.FLOAT).reshape(2, 4).add(1);
        INDArray out = sd.output(Map.of("features", x), "enc/y").get("enc/y");
        assertThat(out.equalsWithEps(x.mmul(w).addRowVector(b), 1e-5)).isTrue();
        // a second model in the same graph keeps its own names
        Translation t2 = translator.translate(sd, dense(w, b).model(), TranslationOptions.defaults().withPrefix("other/"),
                Map.of("x", features));
        assertThat(t2.output("y").name()).isEqualTo("other/y");
    }

    @Test
    void constantWeightsModeMakesNoVariables() {
        Translation t = translator.translate(dense(Nd4j.ones(DataType.FLOAT, 4, 3), Nd4j.zeros(DataType.FLOAT, 3)).model(),
                TranslationOptions.defaults().withWeights(TranslationOptions.Weights.CONSTANTS));
        assertThat(t.weights()).isEmpty();
        assertThat(t.sd().variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)).isEmpty();
    }

    @Test
    void foldsShapeArithmeticOnStaticDimensionsAndKeepsTheBatchDynamic() {
        // y = Reshape(x, [Shape(x)[0], Shape(x)[1] * Shape(x)[2]]) on x [batch, 4, 6]: only the batch is dynamic
        OnnxModel model = new ModelBuilder(13)
                .input("x", DataType.FLOAT, -1, 4, 6)
                .node("Shape", List.of("x"), List.of("s"))
                .constant("i1", Nd4j.scalar(1L))
                .constant("i2", Nd4j.scalar(2L))
                .constant("zero", Nd4j.createFromArray(0L))
                .node("Gather", List.of("s", "i1"), List.of("d1"), "axis", 0L)
                .node("Gather", List.of("s", "i2"), List.of("d2"), "axis", 0L)
                .node("Mul", List.of("d1", "d2"), List.of("inner"))
                .node("Unsqueeze", List.of("inner", "zero"), List.of("inner1"))
                .constant("minus1", Nd4j.createFromArray(-1L))
                .node("Concat", List.of("minus1", "inner1"), List.of("target"), "axis", 0L)
                .node("Reshape", List.of("x", "target"), List.of("y"))
                .output("y", DataType.FLOAT, -1, 24)
                .model();
        Translation t = translator.translate(model, TranslationOptions.defaults());
        assertThat(t.sd().getOps().values()).extracting(op -> op.getOp().opName()).containsExactly("reshape");
        for (int batch : new int[] {1, 5}) {
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, 4, 6);
            INDArray y = t.sd().output(Map.of(t.inputs().get("x").name(), x), t.output("y").name()).get(t.output("y").name());
            assertThat(y.shape()).containsExactly(batch, 24);
            assertThat(y.equalsWithEps(x.reshape(batch, 24), 0)).isTrue();
        }
    }

    @Test
    void nonTopologicalOrderNamesTheMissingTensor() {
        OnnxModel model = new ModelBuilder(13)
                .input("x", DataType.FLOAT, 2)
                .node("Relu", List.of("later"), List.of("y"))
                .node("Relu", List.of("x"), List.of("later"))
                .output("y", DataType.FLOAT, 2)
                .model();
        assertThatThrownBy(() -> translator.translate(model, TranslationOptions.defaults()))
                .hasMessageContaining("node #0 (outputs y) (Relu) reads 'later', which no graph input, initializer or earlier node provides");
    }
}
