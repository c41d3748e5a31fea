package io.sentifuse.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The watchdog collects when the resident size is above the ceiling, not at or below it, and not twice within
 * {@link MemoryWatchdog#MIN_GAP_MILLIS}; collections that leave it above come at doubling gaps up to
 * {@link MemoryWatchdog#MAX_GAP_MILLIS}; this process's resident size reads as a plausible figure.
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
    void collectionsThatLeaveItAboveTheCeilingComeLessOftenUntilItDropsBelow() {
        AtomicLong rss = new AtomicLong(2000);
        AtomicLong now = new AtomicLong(0);
        List<Long> times = new ArrayList<>();
        MemoryWatchdog dog = new MemoryWatchdog(1000, rss::get, () -> times.add(now.get()), now::get);
        for (; now.get() <= 30_000; now.addAndGet(MemoryWatchdog.POLL_MILLIS)) {
            dog.check();
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(times.get(i) - times.get(i - 1));
        }
        assertThat(gaps).startsWith(250L, 500L, 1000L, 2000L, 4000L, 8000L, 8000L);
        rss.set(900);
        dog.check();
        rss.set(2000);
        long below = now.addAndGet(MemoryWatchdog.MAX_GAP_MILLIS);
        assertThat(dog.check()).isTrue();
        now.addAndGet(MemoryWatchdog.MIN_GAP_MILLIS);
        assertThat(dog.check()).as("back to the shortest gap once it was below").isTrue();
        assertThat(times).endsWith(below, below + MemoryWatchdog.MIN_GAP_MILLIS);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsThisProcesssResidentSize() {
        long rss = MemoryWatchdog.residentBytes();
        assertThat(rss).as("VmRSS of /proc/self/status").isBetween(16L << 20, 64L << 30);
    }
}
