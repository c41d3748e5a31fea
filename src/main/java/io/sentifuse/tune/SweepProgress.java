package io.sentifuse.tune;

import io.sentifuse.sweep.CandidateRecord;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * One line on the terminal per finished candidate: candidates done of the budget, the best score so far and which
 * candidate has it, the rate and the time left at that rate. Candidates a resumed sweep finds done count, but not
 * toward the rate.
 */
final class SweepProgress {

    private final PrintWriter out;
    private final int total;
    private final long started = System.nanoTime();
    private int done;
    private int trainedNow;
    private double best = Double.NaN;
    private String bestLabel = "";

    SweepProgress(PrintWriter out, int total) {
        this.out = out;
        this.total = total;
    }

    synchronized void finished(CandidateRecord r, boolean trainedNow) {
        done++;
        if (trainedNow) {
            this.trainedNow++;
        }
        if (r.completed() && (Double.isNaN(best) || r.scoreMean() > best)) {
            best = r.scoreMean();
            bestLabel = String.format(Locale.ROOT, "c%03d %s", r.index(), r.head());
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        double rate = this.trainedNow == 0 || minutes <= 0 ? Double.NaN : this.trainedNow / minutes;
        String left = Double.isNaN(rate) ? "?" : String.format(Locale.ROOT, "%.1f min", (total - done) / rate);
        out.printf(Locale.ROOT, "sweep: %d/%d candidates, best %s (%s), %s candidates/min, %s left%n", done, total,
                Double.isNaN(best) ? "-" : String.format(Locale.ROOT, "%.4f", best), bestLabel,
                Double.isNaN(rate) ? "?" : String.format(Locale.ROOT, "%.2f", rate), left);
        out.flush();
    }
}
