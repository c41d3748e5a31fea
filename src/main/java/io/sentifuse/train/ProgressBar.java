package io.sentifuse.train;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress display for a terminal (rewritten in place with {@code \r}): epoch, step, loss, steps
 * per second and the time left; one summary line per epoch. The CLI hands it stderr; library code never
 * prints.
 */
public final class ProgressBar implements TrainingListener {

    private static final long REDRAW_MILLIS = 200;

    private final PrintWriter out;
    private final boolean interactive;
    private int totalEpochs;
    private int perEpoch;
    private long totalSteps;
    private long startIteration;
    private long startNanos;
    private long lastDraw;
    private double emaLoss = Double.NaN;

    /** @param interactive redraw one line in place (a terminal); otherwise print only the epoch lines */
    public ProgressBar(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    @Override
    public void onStart(RunStarted e) {
        totalEpochs = e.totalEpochs();
        perEpoch = e.iterationsPerEpoch();
        totalSteps = (long) totalEpochs * perEpoch;
        startIteration = e.startIteration();
        startNanos = System.nanoTime();
        out.printf(Locale.ROOT, "%s: head %s, %d epochs x %d steps%s%n", e.runName(), e.head(), totalEpochs, perEpoch,
                e.startEpoch() > 0 ? ", resuming at epoch " + (e.startEpoch() + 1) : "");
        out.flush();
    }

    @Override
    public void onIteration(IterationStats s) {
        emaLoss = Double.isNaN(emaLoss) ? s.loss() : 0.9 * emaLoss + 0.1 * s.loss();
        long now = System.currentTimeMillis();
        if (!interactive || now - lastDraw < REDRAW_MILLIS && s.iteration() < totalSteps) {
            return;
        }
        lastDraw = now;
        double rate = rate(s.iteration());
        long left = totalSteps - s.iteration();
        int inEpoch = (int) (s.iteration() - (long) s.epoch() * perEpoch);
        int width = 24;
        int filled = perEpoch == 0 ? width : Math.min(width, inEpoch * width / perEpoch);
        out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f %.1f it/s ETA %s   ", s.epoch() + 1,
                totalEpochs, "=".repeat(filled), " ".repeat(width - filled), inEpoch, perEpoch, emaLoss, rate,
                rate > 0 ? duration(left / rate) : "?");
        out.flush();
    }

    @Override
    public void onEpoch(EpochStats s) {
        Double acc = s.validation().get("accuracy");
        Double wf1 = s.validation().get("weighted_f1");
        out.printf(Locale.ROOT, "%sepoch %d/%d train loss %.4f val loss %.4f acc %.4f wF1 %.4f%s (%.1f s)%n",
                interactive ? "\r" : "", s.epoch() + 1, totalEpochs, s.trainLoss(), s.validation().get("loss"),
                acc, wf1, s.best() ? " *" : "", s.seconds());
        out.flush();
    }

    @Override
    public void onEnd(RunEnded e) {
        out.printf(Locale.ROOT, "%s after %d epochs, best epoch %d%n", e.reason(), e.epochsRun(), e.bestEpoch() + 1);
        out.flush();
    }

    private double rate(long iteration) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return seconds <= 0 ? 0 : (iteration - startIteration) / seconds;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
