package io.sentifuse.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.FeatureBatch;
import io.sentifuse.features.FeatureKind;
import io.sentifuse.features.FeatureSplits;
import io.sentifuse.features.SyntheticFeatures;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.train.ComputeThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

class FusionModelTest {

    private static ComputeThreads threads;

    @TempDir
    Path dir;

    @BeforeAll
    static void oneThread() {
        threads = ComputeThreads.use(1);
    }

    @AfterAll
    static void restore() {
        threads.close();
    }

    private static ExperimentConfig config(String head, String... more) {
        List<String> sets = new java.util.ArrayList<>(List.of("fusion.head=" + head, "fusion.projection_dim=8",
                "fusion.heads=2", "fusion.ffn_dim=16", "fusion.hidden_dim=8", "training.synthetic.examples=60"));
        sets.addAll(List.of(more));
        return ConfigLoader.defaults(sets);
    }

    private static FusionModel trainedALittle(ExperimentConfig c, FeatureSplits data) {
        FusionHead head = FusionHeads.get(c.fusion().head());
        FusionModel model = FusionModel.build(c.fusion(), data.train().dims(),
                Standardization.fit(data.train(), head.inputs()), Seeds.of(c.seed()));
        // move the parameters off their initial values so reload cannot pass by re-initialising
        try (FeatureBatch b = data.train().batch(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, model.inputs())) {
            Map<String, INDArray> g = model.gradients(b, null, 1).gradients();
            g.forEach((name, grad) -> model.parameter(name).subi(grad.mul(0.1)));
        }
        return model;
    }

    static java.util.stream.Stream<String> heads() {
        return FusionHeads.names().stream();
    }

    /**
     * Predictions come from the head's inference path, built without dropout, and equal what the training path
     * computes with dropout off (its dropout masks are all ones then); the loss still goes through the masks.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("heads")
    void predictionsDrawNoDropoutMasksAndEqualTheTrainingPathWithDropoutOff(String head) {
        ExperimentConfig c = config(head);
        FeatureSplits data = SyntheticFeatures.generate(c.training().synthetic(), Seeds.of(1));
        FusionModel model = trainedALittle(c, data);
        org.nd4j.autodiff.samediff.SameDiff sd = model.graph().sd();
        assertThat(opsFeeding(sd, FusionGraph.PROBABILITIES)).as("ops of the predictions")
                .noneMatch(op -> op instanceof org.nd4j.linalg.api.ops.random.custom.DistributionUniform);
        assertThat(opsFeeding(sd, FusionGraph.LOSS)).as("ops of the loss")
                .anyMatch(op -> op instanceof org.nd4j.linalg.api.ops.random.custom.DistributionUniform);
        int[] idx = java.util.stream.IntStream.range(0, data.validation().size()).toArray();
        try (FeatureBatch b = data.validation().batch(idx, model.inputs())) {
            double meanNll = java.util.Arrays.stream(model.predict(b).nll()).average().orElseThrow();
            if (model.head().name().equals("late-average")) {
                // its loss sums each modality's classifier's cross-entropy; the inference path exposes both
                // classifiers' probabilities
                Map<String, INDArray> p = model.exposed(b, LateAverageHead.TEXT_PROBABILITIES,
                        LateAverageHead.IMAGE_PROBABILITIES);
                double expected = meanCrossEntropy(p.get(LateAverageHead.TEXT_PROBABILITIES), b.labels())
                        + meanCrossEntropy(p.get(LateAverageHead.IMAGE_PROBABILITIES), b.labels());
                assertThat(model.loss(b, null)).isCloseTo(expected, within(1e-5 * Math.max(1, expected)));
            } else {
                assertThat(model.loss(b, null)).isCloseTo(meanNll, within(1e-5 * Math.max(1, meanNll)));
            }
        }
    }

    private static double meanCrossEntropy(INDArray probabilities, int[] labels) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum -= Math.log(probabilities.getDouble(i, labels[i]));
        }
        return sum / labels.length;
    }

    /** Every op that {@code variable}'s value depends on. */
    private static java.util.Set<org.nd4j.autodiff.functions.DifferentialFunction> opsFeeding(
            org.nd4j.autodiff.samediff.SameDiff sd, String variable) {
        java.util.Set<org.nd4j.autodiff.functions.DifferentialFunction> ops = new java.util.HashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(variable));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String v = todo.poll();
            if (!seen.add(v)) {
                continue;
            }
            org.nd4j.autodiff.functions.DifferentialFunction op = sd.getVariableOutputOp(v);
            if (op != null && ops.add(op)) {
                for (org.nd4j.autodiff.samediff.SDVariable in : op.args()) {
                    todo.add(in.name());
                }
            }
        }
        return ops;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ote", "hstec", "cmac", "late-average", "tfn"})
    void savedAndReloadedModelGivesIdenticalPredictions(String head) {
        ExperimentConfig c = config(head);
        FeatureSplits data = SyntheticFeatures.generate(c.training().synthetic(), Seeds.of(1));
        FusionModel model = trainedALittle(c, data);
        model.save(dir);
        FusionModel loaded = FusionModel.load(dir);
        assertThat(loaded.parameters()).isEqualTo(model.parameters());
        assertThat(loaded.standardization().asArrays().keySet()).isEqualTo(model.standardization().asArrays().keySet());
        int[] idx = java.util.stream.IntStream.range(0, data.validation().size()).toArray();
        try (FeatureBatch b = data.validation().batch(idx, model.inputs())) {
            io.sentifuse.model.TrainableModel.Predictions before = model.predict(b);
            io.sentifuse.model.TrainableModel.Predictions after = loaded.predict(b);
            assertThat(after.probabilities()).isEqualTo(before.probabilities());
            assertThat(after.nll()).isEqualTo(before.nll());
            for (String name : model.exposedOutputs()) {
                assertThat(loaded.exposed(b, name).get(name)).as(name).isEqualTo(model.exposed(b, name).get(name));
            }
        }
    }

    @Test
    void predictionIsDeterministicAndDropoutOnlyActsInTraining() {
        ExperimentConfig c = config("ote", "fusion.dropout=0.5", "fusion.attention_dropout=0.4");
        FeatureSplits data = SyntheticFeatures.generate(c.training().synthetic(), Seeds.of(1));
        FusionModel model = trainedALittle(c, data);
        try (FeatureBatch b = data.train().batch(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, model.inputs())) {
            assertThat(model.predict(b).probabilities()).isEqualTo(model.predict(b).probabilities());
            double evalLoss = model.loss(b, null);
            double train1 = model.gradients(b, null, 1).loss();
            double train1Again = model.gradients(b, null, 1).loss();
            double train2 = model.gradients(b, null, 2).loss();
            assertThat(train1).as("same step seed, same dropout masks").isEqualTo(train1Again);
            assertThat(train2).as("another step seed draws other masks").isNotEqualTo(train1);
            assertThat(train1).as("dropout changes the training loss").isNotEqualTo(evalLoss);
        }
    }

    @Test
    void attentionWeightsAreDistributionsThatIgnorePadding() {
        ExperimentConfig c = config("hstec", "training.synthetic.tokens=6", "training.synthetic.regions=3");
        FeatureSplits data = SyntheticFeatures.generate(c.training().synthetic(), Seeds.of(2));
        FusionModel model = trainedALittle(c, data);
        try (FeatureBatch b = data.train().batch(new int[] {0, 1, 2, 3, 4, 5}, model.inputs())) {
            INDArray w = model.exposed(b, HstecHead.attention(0)).get(HstecHead.attention(0));
            long t = b.textMask().size(1);
            assertThat(w.shape()).containsExactly(6, 2, t + 3, t + 3);
            INDArray rowSums = w.sum(3);
            assertThat(rowSums.minNumber().doubleValue()).isCloseTo(1.0, within(1e-5));
            assertThat(rowSums.maxNumber().doubleValue()).isCloseTo(1.0, within(1e-5));
            boolean sawPadding = false;
            for (int i = 0; i < 6; i++) {
                for (int k = 0; k < t; k++) {
                    if (b.textMask().getFloat(i, k) == 0f) {
                        sawPadding = true;
                        // no query of example i puts any weight on its padded key k
                        assertThat(w.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i),
                                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                org.nd4j.linalg.indexing.NDArrayIndex.point(k)).maxNumber().doubleValue()).isZero();
                    }
                }
            }
            assertThat(sawPadding).isTrue();
        }
    }

    @Test
    void lossWeightsSelectExamples() {
        ExperimentConfig c = config("naive-cat");
        FeatureSplits data = SyntheticFeatures.generate(c.training().synthetic(), Seeds.of(3));
        FusionModel model = trainedALittle(c, data);
        try (FeatureBatch b = data.train().batch(new int[] {0, 1, 2}, model.inputs())) {
            double[] nll = model.predict(b).nll();
            assertThat(model.loss(b, new float[] {0, 1, 0})).isCloseTo(nll[1], within(1e-5));
            assertThat(model.loss(b, new float[] {2, 0, 1})).isCloseTo((2 * nll[0] + nll[2]) / 3, within(1e-5));
            assertThat(model.loss(b, null)).isCloseTo((nll[0] + nll[1] + nll[2]) / 3, within(1e-5));
        }
    }

    @Test
    void badModelFoldersAreReportedByName() throws Exception {
        assertThatThrownBy(() -> FusionModel.load(dir)).isInstanceOf(UserInputException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("model.json");
        ExperimentConfig c = config("naive-cat");
        FeatureSplits data = SyntheticFeatures.generate(c.training().synthetic(), Seeds.of(3));
        trainedALittle(c, data).save(dir);
        Files.writeString(dir.resolve(FusionModel.MODEL_FILE),
                Files.readString(dir.resolve(FusionModel.MODEL_FILE)).replace("\"projectionDim\" : 8", "\"projectionDim\" : 9"));
        assertThatThrownBy(() -> FusionModel.load(dir)).isInstanceOf(UserInputException.class)
                .hasMessageContaining("parameter naive-cat/text/W has shape [16, 8]")
                .hasMessageContaining("needs [16, 9]");
        assertThatThrownBy(() -> FusionHeads.get("otee")).isInstanceOf(UserInputException.class)
                .hasMessageContaining("unknown head 'otee'").hasMessageContaining("ote, text-only");
        assertThat(FusionHeads.get("cmac").inputs()).contains(FeatureKind.TEXT_TOKENS, FeatureKind.IMAGE_REGIONS);
    }
}
