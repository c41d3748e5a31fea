package io.sentifuse.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sentifuse.app.Services;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.errors.UserInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning-rate schedule: a linear warm-up over {@code training.warmup_steps}, then {@code training.lr_decay:
 * linear} down to 0 at the last step; every optimiser step uses (and the iteration events report) the scheduled
 * rate of both groups; without a schedule the rate is the configured one at every step.
 */
class LrScheduleTest {

    private static final Path SMOKE = Path.of("experiments/smoke/synthetic.yaml");

    @TempDir
    Path tmp;

    @Test
    void theFactorRisesOverTheWarmUpAndFallsLinearlyToZero() {
        TrainingConfig t = ConfigLoader.defaults(List.of("training.warmup_steps=4", "training.lr_decay=linear"))
                .training();
        assertThat(t.lrFactor(0, 20)).isEqualTo(0.25);
        assertThat(t.lrFactor(3, 20)).isEqualTo(1.0);
        assertThat(t.lrFactor(4, 20)).isEqualTo(1.0);
        assertThat(t.lrFactor(12, 20)).isEqualTo(0.5);
        assertThat(t.lrFactor(19, 20)).isCloseTo(1.0 / 16, within(1e-12));
        assertThat(ConfigLoader.defaults(List.of()).training().lrFactor(7, 20)).isEqualTo(1.0);
    }

    @Test
    void everyStepUsesTheScheduledRate() {
        TrainerTest.Recorder rec = new TrainerTest.Recorder();
        List<String> sets = new ArrayList<>(List.of("output.runs_dir=" + tmp.resolve("runs"),
                "training.synthetic.examples=600", "seed=5", "training.epochs=2", "training.lr=0.004",
                "training.warmup_steps=10", "training.lr_decay=linear"));
        Services.training().train(new TrainRequest(SMOKE, sets, null, false, null, List.of("test"), List.of(rec)));
        int total = rec.iterations.size();
        assertThat(total).isGreaterThan(20);
        for (int k = 0; k < total; k++) {
            double expected = 0.004 * (k < 10 ? (k + 1) / 10.0 : (total - k) / (double) (total - 10));
            assertThat(rec.iterations.get(k).learningRates().get("head")).as("step " + k)
                    .isCloseTo(expected, within(1e-12));
        }

        TrainerTest.Recorder flat = new TrainerTest.Recorder();
        Services.training().train(new TrainRequest(SMOKE, List.of("output.runs_dir=" + tmp.resolve("flat"),
                "training.synthetic.examples=600", "seed=5", "training.epochs=1", "training.lr=0.004"), null, false,
                null, List.of("test"), List.of(flat)));
        assertThat(flat.iterations).allSatisfy(s -> assertThat(s.learningRates().get("head")).isEqualTo(0.004));

        assertThatThrownBy(() -> Services.training().train(TrainRequest.of(SMOKE, List.of("output.runs_dir="
                + tmp.resolve("bad"), "training.warmup_steps=-1")))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("warmup_steps must not be negative");
    }
}
