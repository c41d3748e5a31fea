package io.sentifuse.features.store;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs fill progress with its rate and the time left, at most every few seconds (and at the end). */
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
        LOG.info(String.format(Locale.ROOT, "%s: %d/%d pairs (%.0f%%), %.1f pairs/s, %s left", what, done, total,
                100.0 * done / Math.max(1, total), rate, duration(secondsLeft)));
    }
}
