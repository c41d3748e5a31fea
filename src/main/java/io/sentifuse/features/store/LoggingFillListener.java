package io.sentifuse.features.store;

import io.sentifuse.system.ProcStatus;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs fill progress with its rate, the time left and the process's resident memory (an encoder's off-heap arrays
 * do not show in the Java heap: the resident size is what the kernel's OOM killer reads), at most every few
 * seconds (and at the end).
 */
public final class LoggingFillListener extends FillProgress {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingFillListener.class);
    private static final long EVERY_MILLIS = 5_000;

    private long lastLog;

    @Override
    protected void show(String what, int done, int total, double rate, double secondsLeft) {
        long now = System.currentTimeMillis();
        if (done < total && now - lastLog < EVERY_MILLIS) {
            return;
        }
        lastLog = now;
        long resident = ProcStatus.bytes("VmRSS");
        String memory = resident < 0 ? "" : String.format(Locale.ROOT, ", %.1f GiB resident", resident / (double) (1L << 30));
        LOG.info(String.format(Locale.ROOT, "%s: %d/%d pairs (%.0f%%), %.1f pairs/s, %s left%s", what, done, total,
                100.0 * done / Math.max(1, total), rate, duration(secondsLeft), memory));
    }
}
