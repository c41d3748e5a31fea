package io.sentifuse.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.config.TextConfig;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.OrtRunner;
import io.sentifuse.text.Encoding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class TextEncoderTest {

    /** "[CLS] hello world [SEP]" and "[CLS] this [SEP]" in all-MiniLM-L6-v2's vocabulary. */
    static TokenTensors batch() {
        return TokenTensors.pad(List.of(
                new Encoding(new long[] {101, 7592, 2088, 102}, new long[4]),
                new Encoding(new long[] {101, 2023, 102}, new long[3])), 0);
    }

    @Test
    void closeFreesTheSessionArraysAndALaterBatchComputesTheSame() {
        TextEncoder encoder = new TextEncoder(SharedMiniLm.graph(), TextConfig.Pooling.MEAN);
        INDArray before = encoder.encode(batch()).tokenStates().dup();
        assertThat(encoder.graph().getSessions()).as("a session holds the arrays of the last batch").isNotEmpty();
        encoder.close();
        assertThat(encoder.graph().getSessions()).as("closed: no session left to hold arrays").isEmpty();
        assertThat(encoder.encode(batch()).tokenStates()).isEqualTo(before);
        encoder.close();
    }

    @Test
    void miniLmFeaturesMatchOnnxRuntimeAndPoolAsConfigured() {
        TextEncoder encoder = new TextEncoder(SharedMiniLm.graph(), TextConfig.Pooling.MEAN);
        TokenTensors batch = batch();
        TextEncoder.Features f = encoder.encode(batch);
        assertThat(f.tokenStates().shape()).containsExactly(2, 4, 384);
        INDArray reference;
        try (OrtRunner ort = new OrtRunner(ModelSource.defaultText().bytes(), "minilm", 2)) {
            reference = ort.run(Map.of("input_ids", batch.ids(), "attention_mask", batch.mask(),
                    "token_type_ids", batch.types())).get("last_hidden_state");
        }
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < (b == 0 ? 4 : 3); t++) {
                INDArray ours = f.tokenStates().get(NDArrayIndex.point(b), NDArrayIndex.point(t), NDArrayIndex.all());
                INDArray ref = reference.get(NDArrayIndex.point(b), NDArrayIndex.point(t), NDArrayIndex.all());
                assertThat(ours.sub(ref).amaxNumber().doubleValue()).isLessThan(1e-4);
            }
        }
        assertThat(f.cls()).isEqualTo(f.tokenStates().get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()));
        INDArray meanOfSecond = f.tokenStates().get(NDArrayIndex.point(1), NDArrayIndex.interval(0, 3), NDArrayIndex.all()).mean(0);
        assertThat(f.mean().getRow(1).sub(meanOfSecond).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(f.pooled()).isEqualTo(f.mean());
        assertThat(encoder.verification().verified()).isTrue();
        assertThat(encoder.verification().maxAbsDiff()).isLessThanOrEqualTo(1e-4);
        encoder.checkTokenizer(new VocabularyCheckTest.FakeTokenizer(30522), "minilm tokenizer");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> encoder.checkTokenizer(
                new VocabularyCheckTest.FakeTokenizer(28996), "bert-base-cased vocab.txt"))
                .hasMessageContaining("has a vocabulary of 28996 tokens").hasMessageContaining("has 30522 rows");
        TextEncoder byCls = new TextEncoder(SharedMiniLm.graph(), TextConfig.Pooling.CLS);
        assertThat(byCls.pooled(batch).sub(f.cls()).amaxNumber().doubleValue()).isLessThan(1e-6);
    }

    @Test
    void attachesToACallersGraphWithItsOwnInputs() {
        OnnxModel model = TinyBert.build(1, 11).model();
        SameDiff sd = SameDiff.create();
        SDVariable ids = sd.placeHolder("batch/ids", DataType.LONG, -1, -1);
        SDVariable mask = sd.placeHolder("batch/mask", DataType.LONG, -1, -1);
        TextEncoder.InGraph text = TextEncoder.attach(sd, "text/", model, ids, mask, null, TextConfig.Pooling.CLS);
        assertThat(text.pooled().name()).isEqualTo("text/pooled");
        assertThat(text.translation().weights()).containsKey("embeddings.word_embeddings.weight");
        INDArray idv = Nd4j.createFromArray(new long[][] {{1, 5, 9, 2}, {1, 7, 2, 0}});
        INDArray maskv = Nd4j.createFromArray(new long[][] {{1, 1, 1, 1}, {1, 1, 1, 0}});
        Map<String, INDArray> out = sd.output(Map.of("batch/ids", idv, "batch/mask", maskv), "text/token_states", "text/pooled");
        INDArray reference;
        try (OrtRunner ort = new OrtRunner(model.proto().toByteArray(), "tiny", 1)) {
            reference = ort.run(Map.of("input_ids", idv, "attention_mask", maskv,
                    "token_type_ids", Nd4j.zeros(DataType.LONG, 2, 4))).get("last_hidden_state");
        }
        INDArray states = out.get("text/token_states");
        assertThat(states.get(NDArrayIndex.point(0)).sub(reference.get(NDArrayIndex.point(0))).amaxNumber().doubleValue())
                .isLessThan(1e-5);
        assertThat(out.get("text/pooled")).isEqualTo(states.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()));
    }
}
