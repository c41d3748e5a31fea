package io.sentifuse.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.features.FeatureBatch;
import io.sentifuse.features.FeatureSplits;
import io.sentifuse.features.SyntheticFeatures;
import io.sentifuse.model.TrainableModel;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.train.ComputeThreads;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Padding the token axis (what training steps do, {@link TokenBuckets}) changes no loss and no gradient. */
class TokenBucketsTest {

    private static ComputeThreads threads;

    @BeforeAll
    static void oneThread() {
        threads = ComputeThreads.use(1);
    }

    @AfterAll
    static void restore() {
        threads.close();
    }

    @Test
    void lengthsRoundUpToTheBucket() {
        assertThat(TokenBuckets.bucket(1)).isEqualTo(8);
        assertThat(TokenBuckets.bucket(8)).isEqualTo(8);
        assertThat(TokenBuckets.bucket(9)).isEqualTo(16);
        assertThat(TokenBuckets.bucket(53)).isEqualTo(56);
        INDArray tokens = Nd4j.arange(2 * 5 * 3).castTo(DataType.FLOAT).reshape(2, 5, 3).addi(1);
        INDArray mask = Nd4j.ones(DataType.FLOAT, 2, 5);
        mask.putScalar(1, 4, 0f);
        INDArray[] padded = TokenBuckets.pad(tokens, mask);
        assertThat(padded[0].shape()).containsExactly(2, 8, 3);
        assertThat(padded[1].shape()).containsExactly(2, 8);
        assertThat(padded[0].get(NDArrayIndex.all(), NDArrayIndex.interval(0, 5), NDArrayIndex.all()))
                .isEqualTo(tokens);
        assertThat(padded[0].get(NDArrayIndex.all(), NDArrayIndex.interval(5, 8), NDArrayIndex.all())
                .amaxNumber().doubleValue()).isZero();
        assertThat(padded[1].sumNumber().doubleValue()).isEqualTo(9.0);
        assertThat(TokenBuckets.pad(padded[0], padded[1])).as("already a multiple of the bucket").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cmac", "hstec"})
    void paddedTokensChangeNeitherLossNorGradients(String head) {
        ExperimentConfig c = ConfigLoader.defaults(List.of("fusion.head=" + head, "fusion.projection_dim=8",
                "fusion.heads=2", "fusion.ffn_dim=16", "fusion.hidden_dim=8", "fusion.dropout=0",
                "fusion.input_dropout=0", "fusion.attention_dropout=0", "training.synthetic.examples=40",
                "training.synthetic.text_dim=12", "training.synthetic.image_dim=10", "training.synthetic.tokens=11",
                "training.synthetic.regions=4"));
        FeatureSplits data = SyntheticFeatures.generate(c.training().synthetic(), Seeds.of(6));
        FusionHead h = FusionHeads.get(head);
        FusionModel model = FusionModel.build(c.fusion(), data.train().dims(),
                Standardization.fit(data.train(), h.inputs()), Seeds.of(8));
        try (FeatureBatch b = data.train().batch(new int[] {0, 1, 2, 3, 4, 5}, h.inputs())) {
            long t = b.textTokens().size(1);
            INDArray tokens = Nd4j.zeros(DataType.FLOAT, 6, t + 9, b.textTokens().size(2));
            tokens.get(NDArrayIndex.all(), NDArrayIndex.interval(0, t), NDArrayIndex.all()).assign(b.textTokens());
            INDArray mask = Nd4j.zeros(DataType.FLOAT, 6, t + 9);
            mask.get(NDArrayIndex.all(), NDArrayIndex.interval(0, t)).assign(b.textMask());
            FeatureBatch longer = new FeatureBatch(b.ids(), b.labels(), b.textPooled(), tokens, mask,
                    b.imagePooled(), b.imageRegions());
            assertThat(model.loss(longer, null)).isCloseTo(model.loss(b, null), within(1e-6));
            try (TrainableModel.Gradients g = model.gradients(b, null, 1);
                 TrainableModel.Gradients gLonger = model.gradients(longer, null, 1)) {
                assertThat(gLonger.loss()).isCloseTo(g.loss(), within(1e-6));
                for (String p : model.parameters().keySet()) {
                    double diff = gLonger.gradients().get(p).sub(g.gradients().get(p)).amaxNumber().doubleValue();
                    assertThat(diff).as("gradient of %s", p).isLessThan(1e-6);
                }
            }
            tokens.close();
            mask.close();
        }
    }
}
