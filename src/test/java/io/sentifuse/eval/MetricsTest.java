package io.sentifuse.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final double EPS = 1e-9;

    /**
     * truth [0,0,0,1,1,2,2,2,2,2], predicted [0,0,1,1,2,2,2,2,0,1]. Confusion rows (true) [2,1,0], [0,1,1],
     * [1,1,3]. Class 0: P 2/3, R 2/3, F1 2/3. Class 1: P 1/3, R 1/2, F1 0.4. Class 2: P 3/4, R 3/5, F1 2/3.
     * accuracy 0.6; macro F1 (2/3 + 0.4 + 2/3) / 3 = 0.577778; weighted F1 (3 * 2/3 + 2 * 0.4 + 5 * 2/3) / 10
     * = 0.613333 (what sklearn.metrics.f1_score gives with average='macro' / 'weighted').
     */
    @Test
    void handComputedCaseMatchesSklearnConventions() {
        ClassificationReport r = Metrics.of(new int[] {0, 0, 0, 1, 1, 2, 2, 2, 2, 2},
                new int[] {0, 0, 1, 1, 2, 2, 2, 2, 0, 1});
        assertThat(r.examples()).isEqualTo(10);
        assertThat(r.accuracy()).isCloseTo(0.6, within(EPS));
        assertThat(r.macroF1()).isCloseTo((2.0 / 3 + 0.4 + 2.0 / 3) / 3, within(EPS));
        assertThat(r.macroF1()).isCloseTo(0.577778, within(1e-6));
        assertThat(r.weightedF1()).isCloseTo(0.613333, within(1e-6));
        assertThat(r.confusion()).isEqualTo(new long[][] {{2, 1, 0}, {0, 1, 1}, {1, 1, 3}});
        ClassMetrics neutral = r.perClass().get(1);
        assertThat(neutral.label()).isEqualTo("neutral");
        assertThat(neutral.precision()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(neutral.recall()).isCloseTo(0.5, within(EPS));
        assertThat(neutral.f1()).isCloseTo(0.4, within(EPS));
        assertThat(neutral.support()).isEqualTo(2);
        ClassMetrics positive = r.perClass().get(2);
        assertThat(positive.precision()).isCloseTo(0.75, within(EPS));
        assertThat(positive.recall()).isCloseTo(0.6, within(EPS));
        assertThat(positive.f1()).isCloseTo(2.0 / 3, within(EPS));
    }

    /**
     * truth [0,0,1,1], predicted [0,0,0,0]: class 1 is never predicted (precision 0/0 -> 0, sklearn's
     * zero_division=0), class 2 is absent from both (all 0, still counted in the macro average as sklearn
     * does with labels=[0,1,2]). Class 0: P 0.5, R 1, F1 2/3; macro 2/9; weighted (2 * 2/3 + 2 * 0) / 4 = 1/3.
     */
    @Test
    void zeroDivisionCountsAsZero() {
        ClassificationReport r = Metrics.of(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 0});
        assertThat(r.accuracy()).isCloseTo(0.5, within(EPS));
        assertThat(r.perClass().get(1).precision()).isZero();
        assertThat(r.perClass().get(1).f1()).isZero();
        assertThat(r.perClass().get(2).support()).isZero();
        assertThat(r.perClass().get(2).f1()).isZero();
        assertThat(r.macroF1()).isCloseTo(2.0 / 9, within(EPS));
        assertThat(r.weightedF1()).isCloseTo(1.0 / 3, within(EPS));
    }

    @Test
    void perfectAndEmptyPredictions() {
        ClassificationReport perfect = Metrics.of(new int[] {2, 1, 0, 2}, new int[] {2, 1, 0, 2});
        assertThat(perfect.accuracy()).isEqualTo(1.0);
        assertThat(perfect.weightedF1()).isEqualTo(1.0);
        assertThat(perfect.macroF1()).isEqualTo(1.0);
        ClassificationReport empty = Metrics.of(new int[0], new int[0]);
        assertThat(empty.accuracy()).isZero();
        assertThat(empty.weightedF1()).isZero();
    }

    @Test
    void argmaxBreaksTiesTowardsTheLowerClass() {
        assertThat(Metrics.argmax(new float[][] {{0.2f, 0.5f, 0.3f}, {0.4f, 0.4f, 0.2f}, {0f, 0f, 1f}}))
                .containsExactly(1, 0, 2);
    }

    @Test
    void badInputIsRejectedWithPosition() {
        assertThatThrownBy(() -> Metrics.of(new int[] {0, 1}, new int[] {0}))
                .hasMessageContaining("truth has 2 entries but predictions 1");
        assertThatThrownBy(() -> Metrics.of(new int[] {0, 3}, new int[] {0, 1}))
                .hasMessageContaining("true class 3 at position 1");
    }

    @Test
    void flattenedReportNestsBackToTheSameFigures() {
        ClassificationReport r = Metrics.of(new int[] {0, 0, 0, 1, 1, 2, 2, 2, 2, 2},
                new int[] {0, 0, 1, 1, 2, 2, 2, 2, 0, 1});
        Map<String, Double> flat = ReportMaps.flatten(r, 0.75);
        assertThat(flat).containsEntry("accuracy", 0.6).containsEntry("loss", 0.75)
                .containsEntry("confusion_positive_negative", 1.0).containsEntry("neutral_support", 2.0);
        Map<String, Object> nested = ReportMaps.nest(flat);
        assertThat(nested.get("weighted_f1")).isEqualTo(r.weightedF1());
        assertThat(nested.get("confusion")).isEqualTo(java.util.List.of(java.util.List.of(2L, 1L, 0L),
                java.util.List.of(0L, 1L, 1L), java.util.List.of(1L, 1L, 3L)));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> perClass = (Map<String, Map<String, Object>>) nested.get("per_class");
        assertThat(perClass.get("neutral")).containsEntry("f1", r.perClass().get(1).f1()).containsEntry("support", 2L);
    }
}
