package io.sentifuse.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.config.TextConfig;
import io.sentifuse.encoder.cache.CacheEntry;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** Translated encoders are trainable end to end, word-embedding table included. */
class FineTuneTest {

    static final String WORDS = "embeddings.word_embeddings.weight";
    static final String QUERY = "encoder.layer.0.attention.self.query.weight_t";

    @Test
    void fewAdamStepsLowerTheLossAndMoveEncoderWeightsAndWordEmbeddings() {
        OnnxModel model = TinyBert.build(1, 21).model();
        SameDiff sd = SameDiff.create();
        SDVariable ids = sd.placeHolder("ids", DataType.LONG, -1, -1);
        SDVariable mask = sd.placeHolder("mask", DataType.LONG, -1, -1);
        SDVariable labels = sd.placeHolder("labels", DataType.FLOAT, -1, 2);
        TextEncoder.InGraph text = TextEncoder.attach(sd, "text/", model, ids, mask, null, TextConfig.Pooling.MEAN);
        Nd4j.getRandom().setSeed(5);
        SDVariable w = sd.var("head/w", Nd4j.randn(DataType.FLOAT, TinyBert.HIDDEN, 2).muli(0.1));
        SDVariable b = sd.var("head/b", Nd4j.zeros(DataType.FLOAT, 2));
        SDVariable logits = text.pooled().mmul(w).add(b);
        sd.loss().softmaxCrossEntropy("loss", labels, logits, null);
        sd.setLossVariables("loss");
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(0.01))
                .dataSetFeatureMapping("ids", "mask").dataSetLabelMapping("labels").build());

        // tokens 3..6 only; label = whether token 5 occurs twice (repeated ids exercise the embedding gradient)
        INDArray idv = Nd4j.createFromArray(new long[][] {{3, 5, 5, 6}, {3, 4, 6, 0}, {3, 5, 5, 0}, {3, 4, 4, 6}});
        INDArray maskv = Nd4j.createFromArray(new long[][] {{1, 1, 1, 1}, {1, 1, 1, 0}, {1, 1, 1, 0}, {1, 1, 1, 1}});
        INDArray y = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}});
        Map<String, INDArray> feed = Map.of("ids", idv, "mask", maskv, "labels", y);
        String words = text.translation().weights().get(WORDS);
        String query = text.translation().weights().get(QUERY);
        INDArray wordsBefore = sd.getVariable(words).getArr().dup();
        INDArray queryBefore = sd.getVariable(query).getArr().dup();
        double before = sd.output(feed, "loss").get("loss").getDouble(0);

        MultiDataSet batch = new MultiDataSet(new INDArray[] {idv, maskv}, new INDArray[] {y});
        for (int step = 0; step < 15; step++) {
            sd.fit(batch);
        }
        double after = sd.output(feed, "loss").get("loss").getDouble(0);

        assertThat(after).as("loss before %s", before).isLessThan(before * 0.5);
        assertThat(sd.getVariable(query).getArr().sub(queryBefore).amaxNumber().doubleValue()).isGreaterThan(1e-4);
        INDArray moved = sd.getVariable(words).getArr().sub(wordsBefore);
        for (int row = 0; row < TinyBert.VOCAB; row++) {
            double change = moved.getRow(row).amaxNumber().doubleValue();
            if (row >= 3 && row <= 6) {
                assertThat(change).as("word embedding row %d (token in the batch)", row).isGreaterThan(1e-4);
            } else {
                assertThat(change).as("word embedding row %d (token not in the batch)", row).isZero();
            }
        }
    }

    @Test
    void gradientsOfTheCachedMiniLmReachEveryWeightAndOnlyTheUsedEmbeddingRows() {
        VerifiedGraph g = SharedMiniLm.graph();
        SameDiff sd = g.sd();
        CacheEntry e = g.entry();
        SDVariable states = sd.getVariable(e.outputs().get("last_hidden_state"));
        Nd4j.getRandom().setSeed(9);
        SDVariable probe = sd.constant("probe", Nd4j.randn(DataType.FLOAT, 1, 1, 384));
        sd.sum("probe_loss", states.mul(probe));
        sd.setLossVariables("probe_loss");
        TokenTensors batch = TextEncoderTest.batch();
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(e.inputs().get("input_ids"), batch.ids());
        feed.put(e.inputs().get("attention_mask"), batch.mask());
        feed.put(e.inputs().get("token_type_ids"), batch.types());
        List<String> weights = new ArrayList<>(e.weights().values());
        Map<String, INDArray> grads = sd.calculateGradients(feed, weights);

        assertThat(weights).hasSizeGreaterThan(90);
        for (String v : weights) {
            assertThat(grads.get(v)).as("gradient of %s", v).isNotNull();
            assertThat(grads.get(v).amaxNumber().doubleValue()).as("gradient of %s", v).isPositive();
        }
        INDArray words = grads.get(e.weights().get(WORDS));
        Set<Long> used = new HashSet<>();
        for (long id : batch.ids().data().asLong()) {
            used.add(id);
        }
        for (long row : new long[] {0, 101, 102, 2023, 2088, 7592, 1000, 29999}) {
            double norm = words.getRow(row).amaxNumber().doubleValue();
            if (used.contains(row)) {
                assertThat(norm).as("embedding gradient of token %d", row).isPositive();
            } else {
                assertThat(norm).as("embedding gradient of unused token %d", row).isZero();
            }
        }
    }
}
