package io.sentifuse.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.FusionConfig;
import io.sentifuse.features.FeatureBatch;
import io.sentifuse.features.FeatureSplits;
import io.sentifuse.features.SyntheticFeatures;
import io.sentifuse.seeds.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every head's SameDiff gradients (attention with padding masks, layer norm, dynamic reshapes, outer
 * products, the loss) against central finite differences, in double precision with dropout off.
 */
class HeadGradientCheckTest {

    private static final double H = 1e-6;
    private static io.sentifuse.train.ComputeThreads threads;

    @org.junit.jupiter.api.BeforeAll
    static void oneThread() {
        threads = io.sentifuse.train.ComputeThreads.use(1);
    }

    @org.junit.jupiter.api.AfterAll
    static void restore() {
        threads.close();
    }

    static List<String> heads() {
        return new ArrayList<>(FusionHeads.names());
    }

    @ParameterizedTest
    @MethodSource("heads")
    void analyticGradientsMatchFiniteDifferences(String name) {
        ExperimentConfig config = ConfigLoader.defaults(List.of("fusion.head=" + name, "fusion.projection_dim=8",
                "fusion.heads=2", "fusion.ffn_dim=12", "fusion.hidden_dim=8", "fusion.tfn_dim=3",
                "fusion.dropout=0", "fusion.input_dropout=0", "fusion.attention_dropout=0",
                "training.synthetic.examples=40", "training.synthetic.text_dim=6", "training.synthetic.image_dim=5",
                "training.synthetic.tokens=5", "training.synthetic.regions=3"));
        FusionConfig fusion = config.fusion();
        FeatureSplits data = SyntheticFeatures.generate(config.training().synthetic(), Seeds.of(3));
        FusionHead head = FusionHeads.get(name);
        FusionModel model = FusionModel.build(head, fusion, data.train().dims(),
                Standardization.fit(data.train(), head.inputs()), Seeds.of(5), DataType.DOUBLE);
        Random pick = Seeds.of(7).random("entries");
        float[] weights = {1f, 2f, 0.5f, 1f, 1.5f};
        try (FeatureBatch batch = data.train().batch(new int[] {0, 1, 2, 3, 4}, head.inputs())) {
            assertThat(batch.textTokens() == null || batch.textMask().sumNumber().intValue() < 5 * batch.textMask().size(1))
                    .as("the batch exercises padding").isTrue();
            Map<String, INDArray> grads = model.gradients(batch, weights, 0).gradients();
            int checked = 0;
            for (String p : model.parameters().keySet()) {
                INDArray values = model.parameter(p);
                INDArray grad = grads.get(p);
                assertThat(grad).as(p).isNotNull();
                for (int k = 0; k < 2; k++) {
                    long i = pick.nextInt((int) values.length());
                    double original = values.getDouble(i);
                    values.putScalar(i, original + H);
                    double plus = model.loss(batch, weights);
                    values.putScalar(i, original - H);
                    double minus = model.loss(batch, weights);
                    values.putScalar(i, original);
                    double numeric = (plus - minus) / (2 * H);
                    double analytic = grad.getDouble(i);
                    double scale = Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic));
                    assertThat(Math.abs(numeric - analytic) / scale)
                            .as("%s[%d]: analytic %s vs numeric %s", p, i, analytic, numeric).isLessThan(1e-4);
                    checked++;
                }
            }
            assertThat(checked).isGreaterThanOrEqualTo(2 * model.parameters().size());
        }
    }
}
