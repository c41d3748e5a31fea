package io.sentifuse.features.store;

/**
 * A {@link FillListener} that knows the rate of the current phase (text or image features): pairs per second
 * over the work this process did, so shards found on disk from an earlier run do not inflate it.
 */
public abstract class FillProgress implements FillListener {

    private String phase;
    private long startNanos;
    private int first;

    @Override
    public final synchronized void progress(String what, int done, int total) {
        if (!what.equals(phase)) {
            phase = what;
            startNanos = System.nanoTime();
            first = done;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = seconds > 0 ? (done - first) / seconds : 0;
        show(what, done, total, rate, rate > 0 ? (total - done) / rate : Double.NaN);
    }

    /**
     * @param rate        pairs per second in this phase so far (0 before the first finished shard)
     * @param secondsLeft estimated time to the end of this phase, NaN while unknown
     */
    protected abstract void show(String what, int done, int total, double rate, double secondsLeft);

    /** {@code m:ss} or {@code h:mm:ss}; "?" for an unknown duration. */
    public static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(java.util.Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
