package io.sentifuse.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.files.Json;
import io.sentifuse.train.EpochStats;
import io.sentifuse.train.IterationStats;
import io.sentifuse.train.RunEnded;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunHistoryTest {

    private static IterationStats step(long it, double loss, Map<String, Double> lr, Map<String, Double> ratios) {
        return new IterationStats(it, 0, loss, lr, 1.0, ratios, Map.of(), 8, 10, 1000 + it);
    }

    @Test
    void longRunsAreAveragedIntoBucketsEndingAtTheirLastIteration() {
        RunHistory h = new RunHistory("r");
        for (int i = 1; i <= 10; i++) {
            h.add(step(i, i, Map.of("head", 0.1), Map.of()));
        }
        Map<String, Object> d = h.detail(false, 4);
        @SuppressWarnings("unchecked")
        Map<String, Object> its = (Map<String, Object>) d.get("iterations");
        assertThat(its.get("bucket")).isEqualTo(3);
        assertThat(its.get("iteration")).isEqualTo(List.of(3.0, 6.0, 9.0, 10.0));
        assertThat(its.get("loss")).isEqualTo(List.of(2.0, 5.0, 8.0, 10.0));
        assertThat(((Map<?, ?>) d.get("latest")).get("loss")).isEqualTo(10.0);
    }

    @Test
    void missingAndNonFiniteValuesBecomeNullsNotNaN() {
        RunHistory h = new RunHistory("r");
        h.add(step(1, Double.NaN, Map.of("head", 0.1), Map.of("a/W", 1e-3)));
        h.add(step(2, 0.5, Map.of("head", 0.1, "encoder", 1e-5), Map.of()));
        h.add(step(3, 0.4, Map.of("encoder", 2e-5), Map.of("a/W", 2e-3, "b/W", 3e-3)));
        Map<String, Object> d = h.detail(true, 100);
        Map<?, ?> its = (Map<?, ?>) d.get("iterations");
        assertThat(its.get("loss")).isEqualTo(Arrays.asList(null, 0.5, 0.4));
        Map<?, ?> lr = (Map<?, ?>) its.get("lr");
        assertThat(lr.get("head")).isEqualTo(Arrays.asList(0.1, 0.1, null));
        assertThat(lr.get("encoder")).isEqualTo(Arrays.asList(null, 1e-5, 2e-5));
        Map<?, ?> ratios = (Map<?, ?>) d.get("update_ratios");
        assertThat(ratios.get("iteration")).isEqualTo(List.of(1.0, 3.0));
        assertThat(((Map<?, ?>) ratios.get("series")).get("b/W")).isEqualTo(Arrays.asList(null, 3e-3));
        assertThat(json(d)).doesNotContain("NaN");
    }

    @Test
    void statusFollowsTheRunsEnd() {
        RunHistory h = new RunHistory("r");
        h.add(step(1, 1, Map.of(), Map.of()));
        assertThat(h.summary(true).get("status")).isEqualTo("running");
        assertThat(h.summary(false).get("status")).isEqualTo("unfinished");
        h.add(new EpochStats(0, 1, 1, Map.of("accuracy", 0.5), true, 1, 2000));
        h.end(new RunEnded("early-stopped", 1, 0), 3000);
        assertThat(h.summary(false).get("status")).isEqualTo("early-stopped");
        assertThat(((Map<?, ?>) h.summary(false).get("best")).get("epoch")).isEqualTo(0);
        assertThat(h.lastUpdate()).isEqualTo(3000);
    }

    private static String json(Object o) {
        return Json.line(o);
    }
}
