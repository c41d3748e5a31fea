package io.sentifuse.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.config.TextConfig;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.OrtRunner;
import io.sentifuse.errors.UserInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@code text.layers} on all-MiniLM-L6-v2 (6 layers): the rewrite against ONNX Runtime, then translated. */
class TextLayersTest {

    private static OnnxModel miniLm;

    @BeforeAll
    static void parse() {
        miniLm = ModelSource.defaultText().parse();
    }

    /** The token states ONNX Runtime computes for the model rewritten to average {@code layers}. */
    private static INDArray ortStates(List<Integer> layers) {
        byte[] bytes = TextLayers.average(miniLm.proto(), layers, TextEncoder.LAST_HIDDEN_STATE, "minilm").toByteArray();
        TokenTensors batch = TextEncoderTest.batch();
        try (OrtRunner ort = new OrtRunner(bytes, "minilm" + layers, 2)) {
            Map<String, INDArray> out = ort.run(Map.of("input_ids", batch.ids(), "attention_mask", batch.mask(),
                    "token_type_ids", batch.types()));
            assertThat(out.keySet()).containsExactly(TextLayers.STATES);
            return out.get(TextLayers.STATES);
        }
    }

    @Test
    void findsEachLayersOutputTheLastBeingTheModelsOwn() {
        List<String> outputs = TextLayers.layerOutputs(miniLm.graph(), "minilm");
        assertThat(outputs).hasSize(6);
        assertThat(outputs.get(5)).isEqualTo(TextEncoder.LAST_HIDDEN_STATE);
        assertThat(outputs.get(4)).isEqualTo("/encoder/layer.4/output/LayerNorm/Add_1_output_0");
    }

    @Test
    void averagesTheChosenLayersAsOnnxRuntimeComputesThem() {
        TokenTensors batch = TextEncoderTest.batch();
        INDArray own;
        try (OrtRunner ort = new OrtRunner(miniLm.proto().toByteArray(), "minilm", 2)) {
            own = ort.run(Map.of("input_ids", batch.ids(), "attention_mask", batch.mask(),
                    "token_type_ids", batch.types())).get(TextEncoder.LAST_HIDDEN_STATE);
        }
        INDArray last = ortStates(List.of(-1));
        INDArray fifth = ortStates(List.of(5));
        INDArray both = ortStates(List.of(-1, -2));
        assertThat(last).as("-1 is the model's own output").isEqualTo(own);
        assertThat(fifth.sub(last).amaxNumber().doubleValue()).as("layer 5 is not layer 6").isGreaterThan(0.1);
        INDArray mean = fifth.add(last).divi(2);
        assertThat(both.sub(mean).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void translatedAveragedEncoderVerifiesAndMatchesOnnxRuntime() {
        TextConfig config = new TextConfig(TextPreset.ALL_MINILM_L6_V2.presetName(), "", 128, TextConfig.Pooling.AUTO,
                TextModelChoice.AUTO_PREFIX, List.of(), List.of(-1, -2));
        TextModelChoice choice = TextModelChoice.of(config);
        assertThat(choice.source().name()).endsWith("@layers=-1,-2-v" + TextLayers.VERSION);
        assertThat(choice.source().sha256()).isNotEqualTo(ModelSource.defaultText().sha256());
        TextEncoder encoder = TextEncoder.open(choice.source(), choice.pooling(), SharedMiniLm.cacheRoot());
        assertThat(encoder.verification().verified()).isTrue();
        INDArray ours = encoder.encode(TextEncoderTest.batch()).tokenStates().dup();
        encoder.close();
        INDArray reference = ortStates(List.of(-1, -2));
        INDArray realTokens = ours.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray refTokens = reference.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all());
        assertThat(realTokens.sub(refTokens).amaxNumber().doubleValue()).isLessThan(1e-4);
        assertThat(TextModelChoice.of(new TextConfig(config.model(), "", 128, TextConfig.Pooling.AUTO,
                TextModelChoice.AUTO_PREFIX, List.of(), List.of(-1))).source().name())
                .as("[-1] keeps the model as exported, and so its stores' keys")
                .isEqualTo(ModelSource.defaultText().name());
    }

    @Test
    void refusesLayersOutOfRangeOrMalformed() {
        assertThatThrownBy(() -> TextLayers.average(miniLm.proto(), List.of(-1, 7), TextEncoder.LAST_HIDDEN_STATE,
                "minilm")).isInstanceOf(UserInputException.class)
                .hasMessage("text.layers: layer 7 is out of range; minilm has 6 layers (1..6 or -1..-6)");
        assertThatThrownBy(() -> TextLayers.average(miniLm.proto(), List.of(Integer.MIN_VALUE),
                TextEncoder.LAST_HIDDEN_STATE, "minilm")).isInstanceOf(UserInputException.class)
                .hasMessageContaining("is out of range; minilm has 6 layers");
        assertThatThrownBy(() -> TextLayers.average(miniLm.proto(), List.of(-1, 6), TextEncoder.LAST_HIDDEN_STATE,
                "minilm")).isInstanceOf(UserInputException.class)
                .hasMessage("text.layers: [-1, 6] names layer 6 of minilm twice");
        assertThatThrownBy(() -> TextLayers.check(List.of(0), "text.layers"))
                .hasMessage("text.layers: 0 is not a layer number; expected 1..N from the first layer or -1..-N from"
                        + " the last");
        assertThatThrownBy(() -> TextLayers.check(List.of(-1, -2, -1), "text.layers"))
                .hasMessage("text.layers: layer -1 is listed twice");
        assertThatThrownBy(() -> TextLayers.check(List.of(), "text.layers"))
                .hasMessage("text.layers: empty; expected at least one layer number (-1: the last layer)");
        OnnxModel unnamed = TinyBert.build(2, 3).model();
        assertThatThrownBy(() -> TextLayers.average(unnamed.proto(), List.of(-2), TextEncoder.LAST_HIDDEN_STATE,
                "tiny")).isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("text.layers: tiny has no nodes named /encoder/layer.N/output/LayerNorm/");
    }
}
