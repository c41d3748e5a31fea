package io.sentifuse.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.app.Services;
import io.sentifuse.train.TrainRequest;
import io.sentifuse.train.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acceptance: on tasks whose label needs both modalities, fusion heads learn what each modality alone cannot.
 *
 * <p>On {@code xor} (label = (text factor + image factor) mod 3) each modality alone is at chance, and so is
 * any head whose class scores are a sum of a text term and an image term: {@code naive-combine} (weighted sum
 * of logits) and {@code late-average} (mean of probabilities) cannot represent the interaction, whatever their
 * training (for the 3 x 3 table of (a + b) mod 3, the pairwise class-0-versus-1 constraints of an additive score
 * sum to a contradiction). Those two are tested where late fusion is the right tool, on {@code complementary}
 * (the label shows in one modality per example), where either modality alone is right only ~2/3 of the time.
 */
class SyntheticFusionTest {

    private static final double CHANCE_BOUND = 0.45;

    @TempDir
    Path runs;

    private TrainingResult train(String head, String task) {
        List<String> sets = new ArrayList<>(List.of("fusion.head=" + head, "output.runs_dir=" + runs,
                "training.synthetic.task=" + task, "training.epochs=10", "seed=42"));
        return Services.training().train(TrainRequest.of(Path.of("experiments/smoke/synthetic.yaml"), sets));
    }

    private static void report(String head, String task, TrainingResult r) {
        System.out.printf("synthetic %-13s %-14s val accuracy %.3f weighted F1 %.3f (best epoch %d of %d)%n",
                task, head, r.val().accuracy(), r.val().weightedF1(), r.bestEpoch() + 1, r.epochsRun());
    }

    @ParameterizedTest
    @ValueSource(strings = {"naive-cat", "cmac", "hstec", "ote", "gmu", "tfn"})
    void interactionHeadsSolveXor(String head) {
        TrainingResult r = train(head, "xor");
        report(head, "xor", r);
        assertThat(r.val().accuracy()).as(head).isGreaterThanOrEqualTo(0.90);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text-only", "image-only", "naive-combine", "late-average", "linear"})
    void unimodalAndAdditiveHeadsStayNearChanceOnXor(String head) {
        TrainingResult r = train(head, "xor");
        report(head, "xor", r);
        assertThat(r.val().accuracy()).as(head).isLessThanOrEqualTo(CHANCE_BOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"naive-combine", "late-average", "linear"})
    void lateFusionHeadsCombineComplementaryModalities(String head) {
        TrainingResult r = train(head, "complementary");
        report(head, "complementary", r);
        assertThat(r.val().accuracy()).as(head).isGreaterThanOrEqualTo(0.90);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text-only", "image-only"})
    void oneModalityIsRightAboutTwoThirdsOfTheTimeOnComplementary(String head) {
        TrainingResult r = train(head, "complementary");
        report(head, "complementary", r);
        assertThat(r.val().accuracy()).as(head).isBetween(0.55, 0.78);
    }
}
