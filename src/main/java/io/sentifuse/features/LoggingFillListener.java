package io.sentifuse.features;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs fill progress with its rate and the time left, at most every few seconds (and at the end). */
public final class LoggingFillListener implements FillListener {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingFillListener.class);
    private static final long EVERY_MILLIS = 5_000;

    private final long startNanos = System.nanoTime();
    private long lastLog;
    private int firstDone = -1;

    @Override
    public synchronized void progress(String what, int done, int total) {
        if (firstDone < 0) {
            firstDone = done;
        }
        long now = System.currentTimeMillis();
        if (done < total && now - lastLog < EVERY_MILLIS) {
            return;
        }
        lastLog = now;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = seconds > 0 ? (done - firstDone) / seconds : 0;
        LOG.info(String.format(Locale.ROOT, "%s: %d/%d pairs (%.0f%%), %.1f pairs/s, %s left", what, done, total,
                100.0 * done / Math.max(1, total), rate, rate > 0 ? duration((total - done) / rate) : "?"));
    }

    /** {@code m:ss} or {@code h:mm:ss}. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
