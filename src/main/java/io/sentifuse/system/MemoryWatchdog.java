package io.sentifuse.system;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the process's resident memory near a ceiling by asking for a garbage collection whenever it is above it,
 * from one daemon thread that looks every {@value #POLL_MILLIS} ms. It does what JavaCPP's
 * {@code maxPhysicalBytes} does for ND4J's off-heap arrays (their Java handles are freed only when the collector
 * finds them) without JavaCPP's cost: JavaCPP reads the resident size on every native allocation, several per
 * SameDiff op, which was a quarter of the native samples of a MiniLM forward pass at batch 1 x 8 and a third of
 * its wall time (see {@link NativeMemory}).
 */
final class MemoryWatchdog implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryWatchdog.class);
    static final long POLL_MILLIS = 50;
    /** No collection sooner than this after the last: a collection's effect on the resident size takes a moment. */
    static final long MIN_GAP_MILLIS = 250;
    /**
     * The longest wait between collections while they do not bring the resident size under the ceiling (the gap
     * doubles after each such collection): a working set above the ceiling must not turn into back-to-back full
     * collections.
     */
    static final long MAX_GAP_MILLIS = 8_000;

    private final long ceiling;
    private final LongSupplier resident;
    private final Runnable collect;
    private final LongSupplier clock;
    private long lastCollect = Long.MIN_VALUE / 2;
    private long gap = MIN_GAP_MILLIS;
    private boolean collected;
    private boolean warned;
    private long collections;

    MemoryWatchdog(long ceiling, LongSupplier resident, Runnable collect, LongSupplier clockMillis) {
        this.ceiling = ceiling;
        this.resident = resident;
        this.collect = collect;
        this.clock = clockMillis;
    }

    /** Starts the watchdog for this process (where {@link #residentBytes} reads the resident size). */
    static void start(long ceiling) {
        if (ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+DisableExplicitGC")) {
            LOG.warn("-XX:+DisableExplicitGC is set: the memory watchdog's collections do nothing, so ND4J's "
                    + "off-heap garbage is freed only when the Java heap fills");
        }
        MemoryWatchdog dog = new MemoryWatchdog(ceiling, MemoryWatchdog::residentBytes, System::gc,
                System::currentTimeMillis);
        Thread t = new Thread(dog, "sentifuse-memory-watchdog");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            check();
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * One look: collects when above the ceiling and the last collection is old enough (longer after collections that
     * left it above); returns whether it collected.
     */
    boolean check() {
        long now = clock.getAsLong();
        long rss = resident.getAsLong();
        if (rss <= ceiling) {
            collected = false;
            gap = MIN_GAP_MILLIS;
            return false;
        }
        if (now - lastCollect < gap) {
            return false;
        }
        if (collected) { // the last collection left the resident size above the ceiling: wait longer
            gap = Math.min(MAX_GAP_MILLIS, gap * 2);
            if (gap == MAX_GAP_MILLIS && !warned) {
                warned = true;
                LOG.warn("resident memory stays at {} MiB, above the ceiling of {} MiB, after collections: the "
                        + "working set is larger than the ceiling ({} raises it)", rss >> 20, ceiling >> 20,
                        NativeMemory.ENV);
            }
        }
        collected = true;
        lastCollect = now;
        collections++;
        LOG.debug("resident {} MiB above the ceiling of {} MiB: garbage collection {}", rss >> 20, ceiling >> 20,
                collections);
        collect.run();
        return true;
    }

    /** The resident set size in bytes ({@code VmRSS} of /proc/self/status), or -1 where there is none (not Linux). */
    static long residentBytes() {
        return ProcStatus.bytes("VmRSS");
    }

}
