package io.sentifuse.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The watchdog collects when the resident size is above the ceiling, not at or below it, and not twice within
 * {@link MemoryWatchdog#MIN_GAP_MILLIS}; this process's resident size reads as a plausible figure.
 */
class MemoryWatchdogTest {

    @Test
    void collectsAboveTheCeilingAtMostOncePerGap() {
        AtomicLong rss = new AtomicLong(900);
        AtomicLong now = new AtomicLong(10_000);
        AtomicInteger collections = new AtomicInteger();
        MemoryWatchdog dog = new MemoryWatchdog(1000, rss::get, collections::incrementAndGet, now::get);

        assertThat(dog.check()).isFalse();
        rss.set(1000);
        assertThat(dog.check()).as("at the ceiling").isFalse();
        rss.set(1001);
        assertThat(dog.check()).isTrue();
        now.addAndGet(MemoryWatchdog.MIN_GAP_MILLIS - 1);
        assertThat(dog.check()).as("too soon after the last").isFalse();
        now.addAndGet(1);
        assertThat(dog.check()).isTrue();
        rss.set(400);
        now.addAndGet(MemoryWatchdog.MIN_GAP_MILLIS);
        assertThat(dog.check()).isFalse();
        assertThat(collections.get()).isEqualTo(2);
    }

    @Test
    void readsThisProcesssResidentSize() {
        long rss = MemoryWatchdog.residentBytes();
        assertThat(rss).as("VmRSS of /proc/self/status").isBetween(16L << 20, 64L << 30);
    }
}
