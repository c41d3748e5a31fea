package io.sentifuse.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void streamsAreDeterministicPerSeedAndName() {
        assertThat(Seeds.of(42).derive("split")).isEqualTo(Seeds.of(42).derive("split"));
        assertThat(Seeds.of(42).random("split").nextLong()).isEqualTo(Seeds.of(42).random("split").nextLong());
    }

    @Test
    void differentNamesAndSeedsGiveDifferentStreams() {
        assertThat(Seeds.of(42).derive("split")).isNotEqualTo(Seeds.of(42).derive("init"));
        assertThat(Seeds.of(42).derive("split")).isNotEqualTo(Seeds.of(43).derive("split"));
        assertThat(Seeds.of(0).derive("a")).isNotEqualTo(Seeds.of(1).derive("a"));
    }
}
