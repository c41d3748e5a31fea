package io.sentifuse.data;

import static io.sentifuse.data.Label.NEGATIVE;
import static io.sentifuse.data.Label.NEUTRAL;
import static io.sentifuse.data.Label.POSITIVE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LabelMergeTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
            "positive, positive, positive", "negative, negative, negative", "neutral, neutral, neutral",
            "neutral, positive, positive", "positive, neutral, positive",
            "neutral, negative, negative", "negative, neutral, negative",
            "positive, negative, dropped", "negative, positive, dropped"})
    void theLiteraturesRule(String text, String image, String merged) {
        Optional<Label> result = LabelMerge.merge(Label.parse(text).orElseThrow(), Label.parse(image).orElseThrow());
        assertThat(result.map(Label::word).orElse("dropped")).isEqualTo(merged);
    }

    @Test
    void majorityNeedsTwoOfThree() {
        assertThat(LabelMerge.majority(List.of(POSITIVE, POSITIVE, NEGATIVE))).contains(POSITIVE);
        assertThat(LabelMerge.majority(List.of(NEUTRAL, NEGATIVE, NEGATIVE))).contains(NEGATIVE);
        assertThat(LabelMerge.majority(List.of(NEUTRAL, NEUTRAL, NEUTRAL))).contains(NEUTRAL);
        assertThat(LabelMerge.majority(List.of(POSITIVE, NEUTRAL, NEGATIVE))).isEmpty();
        assertThat(LabelMerge.majority(List.of(POSITIVE))).contains(POSITIVE);
    }
}
