package io.sentifuse.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.cache.CacheRoot;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.data.stream.PairBatch;
import io.sentifuse.model.ParamSpec;
import io.sentifuse.model.TrainableModel;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.train.AdamW;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fine-tuning graph on the tiny encoders: optimiser steps reach every kind of weight (text encoder matrices,
 * only the used rows of the word-embedding table, CNN convolutions, the head), a frozen encoder stays
 * bit-identical and computes what the trained graph would, and a saved model predicts exactly as before.
 */
class FineTuneModelTest {

    static final String HEAD_WEIGHT = "ote/text/W";

    static FineTuneModel model(TrainingConfig.Finetune finetune, String... more) {
        ExperimentConfig c = TinyEncoders.config(more);
        Path root = CacheRoot.resolve(c.output().cacheDir());
        FineTuneEncoders enc = FineTuneEncoders.open(c.text(), c.image(), root, true, true, finetune, null);
        return FineTuneModel.build(enc, c.text(), c.image(), c.fusion(), finetune, Seeds.of(c.seed()));
    }

    /** {@code steps} AdamW steps on {@code batch} at lr 1e-2 for both groups, no weight decay. */
    static void train(FineTuneModel model, PairBatch batch, int steps) {
        AdamW opt = new AdamW(model.parameterSpecs(), Map.of(ParamSpec.HEAD, 1e-2, ParamSpec.ENCODER, 1e-2),
                0.9, 0.999, 1e-8, 0.0);
        Map<String, INDArray> live = new LinkedHashMap<>();
        model.parameterSpecs().keySet().forEach(p -> live.put(p, model.parameter(p)));
        for (int i = 0; i < steps; i++) {
            try (TrainableModel.Gradients g = model.gradients(batch, null, i)) {
                opt.step(live, g.gradients(), 1.0, false);
            }
        }
    }

    private static double moved(INDArray before, INDArray after) {
        return after.sub(before).amaxNumber().doubleValue();
    }

    @Test
    void stepsLowerTheLossAndMoveTextWeightsUsedEmbeddingRowsConvolutionsAndTheHead() {
        // no dropout: the loss on the fixed batch is then what the steps minimise
        FineTuneModel model = model(TrainingConfig.Finetune.BOTH, "fusion.dropout=0", "fusion.input_dropout=0",
                "fusion.attention_dropout=0");
        PairBatch batch = TinyEncoders.batch();
        String query = model.textWeights().get("encoder.layer.0.attention.self.query.weight_t");
        String words = model.wordEmbeddings();
        String conv = model.imageWeights().get("c1.weight");
        String depthwise = model.imageWeights().get("dw.weight");
        assertThat(model.parameterSpecs()).containsKeys(query, words, conv, depthwise, HEAD_WEIGHT);
        assertThat(model.parameterSpecs().get(query).group()).isEqualTo(ParamSpec.ENCODER);
        assertThat(model.parameterSpecs().get(HEAD_WEIGHT).group()).isEqualTo(ParamSpec.HEAD);
        // the CNN's own classifier sits behind the pooled features: no gradient reaches it, so it is not trained
        assertThat(model.imageWeights()).containsKey("fc.weight");
        assertThat(model.parameterSpecs()).doesNotContainKey(model.imageWeights().get("fc.weight"));
        Map<String, INDArray> before = model.copyParameters();
        double lossBefore = model.loss(batch, null);

        train(model, batch, 15);

        double lossAfter = model.loss(batch, null);
        System.out.printf("fine-tune tiny encoders, 15 AdamW steps on a fixed batch: loss %.4f -> %.4f%n", lossBefore,
                lossAfter);
        assertThat(lossAfter).as("loss before %s", lossBefore).isLessThan(0.5 * lossBefore);
        assertThat(moved(before.get(query), model.parameter(query))).as("text query matrix").isGreaterThan(1e-3);
        assertThat(moved(before.get(conv), model.parameter(conv))).as("first convolution").isGreaterThan(1e-3);
        assertThat(moved(before.get(depthwise), model.parameter(depthwise))).as("depthwise kernel").isGreaterThan(1e-3);
        assertThat(moved(before.get(HEAD_WEIGHT), model.parameter(HEAD_WEIGHT))).as("head").isGreaterThan(1e-3);
        Set<Long> used = new HashSet<>();
        for (long[] row : TinyEncoders.IDS) {
            for (long id : row) {
                if (id != 0) {
                    used.add(id);
                }
            }
        }
        INDArray table = model.parameter(words);
        for (int row = 0; row < table.rows(); row++) {
            double change = moved(before.get(words).getRow(row), table.getRow(row));
            if (used.contains((long) row)) {
                assertThat(change).as("embedding row %d (token in the batch)", row).isGreaterThan(1e-3);
            } else if (row == 0) {
                // [PAD] fills the padding, which the attention mask and the masked mean keep out of the loss
                assertThat(change).as("embedding row of [PAD]").isLessThan(1e-6);
            } else {
                assertThat(change).as("embedding row %d (token not in the batch)", row).isZero();
            }
        }
    }

    @Test
    void aFrozenEncoderStaysBitIdenticalAndComputesWhatTheTrainedGraphComputes() {
        PairBatch batch = TinyEncoders.batch();
        FineTuneModel both = model(TrainingConfig.Finetune.BOTH);
        FineTuneModel textOnly = model(TrainingConfig.Finetune.TEXT);
        FineTuneModel imageOnly = model(TrainingConfig.Finetune.IMAGE);
        // same seed, same weights: the frozen branch (the verified inference graph) gives the same predictions
        float[][] reference = both.predict(batch).probabilities();
        for (FineTuneModel m : new FineTuneModel[] {textOnly, imageOnly}) {
            float[][] p = m.predict(batch).probabilities();
            for (int i = 0; i < p.length; i++) {
                for (int c = 0; c < p[i].length; c++) {
                    assertThat((double) p[i][c]).isCloseTo(reference[i][c], org.assertj.core.api.Assertions.within(1e-5));
                }
            }
        }
        assertThat(textOnly.imageWeights()).isEmpty();
        assertThat(textOnly.parameterSpecs().keySet()).noneMatch(n -> n.startsWith(FineTuneModel.IMAGE_PREFIX));
        assertThat(imageOnly.parameterSpecs().keySet()).noneMatch(n -> n.startsWith(FineTuneModel.TEXT_PREFIX));

        SameDiff frozenCnn = textOnly.encoders().frozenImage().graph();
        SameDiff frozenBert = imageOnly.encoders().frozenText().graph();
        Map<String, INDArray> cnnBefore = weights(frozenCnn);
        Map<String, INDArray> bertBefore = weights(frozenBert);
        Map<String, INDArray> textBefore = textOnly.copyParameters();
        Map<String, INDArray> imageBefore = imageOnly.copyParameters();
        train(textOnly, batch, 3);
        train(imageOnly, batch, 3);

        assertThat(cnnBefore).isNotEmpty();
        cnnBefore.forEach((n, a) -> assertThat(frozenCnn.getArrForVarName(n)).as(n).isEqualTo(a));
        bertBefore.forEach((n, a) -> assertThat(frozenBert.getArrForVarName(n)).as(n).isEqualTo(a));
        String query = textOnly.textWeights().get("encoder.layer.0.attention.self.query.weight_t");
        assertThat(moved(textBefore.get(query), textOnly.parameter(query))).isGreaterThan(1e-4);
        String conv = imageOnly.imageWeights().get("c1.weight");
        assertThat(moved(imageBefore.get(conv), imageOnly.parameter(conv))).isGreaterThan(1e-4);
    }

    /** The graph's weights: variables, and constants (an image encoder's inference graph holds its weights so). */
    private static Map<String, INDArray> weights(SameDiff sd) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE
                    || v.getVariableType() == VariableType.CONSTANT && v.dataType().isFPType()) {
                out.put(v.name(), v.getArr().dup());
            }
        }
        return out;
    }

    @Test
    void aSavedFineTunedModelPredictsExactlyAsBefore(@TempDir Path dir) {
        FineTuneModel model = model(TrainingConfig.Finetune.BOTH);
        PairBatch batch = TinyEncoders.batch();
        train(model, batch, 3);
        TrainableModel.Predictions before = model.predict(batch);
        model.save(dir);

        FineTuneModel loaded = FineTuneModel.load(dir, CacheRoot.resolve("target/test-cache"));
        TrainableModel.Predictions after = loaded.predict(batch);
        assertThat(after.probabilities()).isDeepEqualTo(before.probabilities());
        assertThat(after.nll()).isEqualTo(before.nll());
        assertThat(loaded.parameterSpecs()).isEqualTo(model.parameterSpecs());
        assertThat(loaded.tokenizer().vocabularySize()).isEqualTo(io.sentifuse.encoder.TinyBert.VOCAB);
        assertThat(dir.resolve(FineTuneModelFiles.TOKENIZER_DIR).resolve("vocab.txt")).isRegularFile();
        // an untrained model of the same configuration differs: the file carries the tuned encoder weights
        float[][] fresh = model(TrainingConfig.Finetune.BOTH).predict(batch).probabilities();
        assertThat(fresh).isNotEqualTo(before.probabilities());
    }
}
