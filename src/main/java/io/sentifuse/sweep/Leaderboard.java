package io.sentifuse.sweep;

import io.sentifuse.files.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The candidates of a sweep ranked by score (the validation metric's mean over seeds; ties go to the smaller
 * spread, then to the earlier candidate), written as {@value SweepDir#LEADERBOARD_CSV} and
 * {@value SweepDir#LEADERBOARD_MD} with the best marked. Failed and duplicate candidates are listed after the
 * ranked ones, unranked. A test score (standard protocol) is shown beside the ranking score and never ranks.
 */
public final class Leaderboard {

    /** The CSV header: the columns scripts may rely on. */
    public static final String CSV_HEADER = "rank,best,candidate,head,score_mean,score_sd,seeds,metric,test_mean,"
            + "test_sd,seconds,status,overrides,best_run_dir";

    private final List<CandidateRecord> ranked;
    private final List<CandidateRecord> unranked;

    private Leaderboard(List<CandidateRecord> ranked, List<CandidateRecord> unranked) {
        this.ranked = List.copyOf(ranked);
        this.unranked = List.copyOf(unranked);
    }

    /** The leaderboard of {@code records}. */
    public static Leaderboard of(List<CandidateRecord> records) {
        List<CandidateRecord> ranked = new ArrayList<>();
        List<CandidateRecord> unranked = new ArrayList<>();
        for (CandidateRecord r : records) {
            (r.completed() && r.scoreMean() != null && !r.scoreMean().isNaN() ? ranked : unranked).add(r);
        }
        ranked.sort(Comparator.comparing(CandidateRecord::scoreMean, Comparator.reverseOrder())
                .thenComparing(CandidateRecord::scoreSd)
                .thenComparingInt(CandidateRecord::index));
        unranked.sort(Comparator.comparingInt(CandidateRecord::index));
        return new Leaderboard(ranked, unranked);
    }

    /** The ranked candidates, best first. */
    public List<CandidateRecord> ranked() {
        return ranked;
    }

    /** The best candidate, or null when none completed. */
    public CandidateRecord best() {
        return ranked.isEmpty() ? null : ranked.get(0);
    }

    /** The run folder of a candidate's best seed (highest score; the first such seed on ties). */
    public static String bestRunDir(CandidateRecord r) {
        int best = 0;
        for (int i = 1; i < r.scores().size(); i++) {
            if (r.scores().get(i) > r.scores().get(best)) {
                best = i;
            }
        }
        return r.runDirs().isEmpty() ? null : r.runDirs().get(best);
    }

    /** Writes both files into {@code sweepDir}, atomically. */
    public void write(Path sweepDir) {
        AtomicFiles.writeString(sweepDir.resolve(SweepDir.LEADERBOARD_CSV), csv());
        AtomicFiles.writeString(sweepDir.resolve(SweepDir.LEADERBOARD_MD), markdown());
    }

    /** The CSV form: {@link #CSV_HEADER}, then one row per candidate. */
    public String csv() {
        StringBuilder s = new StringBuilder(CSV_HEADER).append('\n');
        int rank = 1;
        for (CandidateRecord r : ranked) {
            s.append(row(r, rank, rank == 1)).append('\n');
            rank++;
        }
        for (CandidateRecord r : unranked) {
            s.append(row(r, 0, false)).append('\n');
        }
        return s.toString();
    }

    private static String row(CandidateRecord r, int rank, boolean best) {
        double[] test = testStats(r);
        return String.join(",", rank == 0 ? "" : Integer.toString(rank), best ? "*" : "",
                Integer.toString(r.index()), csvField(r.head()), number(r.scoreMean()), number(r.scoreSd()),
                Integer.toString(r.seeds().size()), r.metric(), test == null ? "" : number(test[0]),
                test == null ? "" : number(test[1]), String.format(Locale.ROOT, "%.1f", r.seconds()), r.status(),
                csvField(overrides(r.overrides())), csvField(r.completed() ? bestRunDir(r) : ""));
    }

    /** The Markdown form: a table of the ranked candidates with the best in bold, then the others. */
    public String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("| rank | candidate | head | score (mean ± sd) | seeds | test (never ranks) | settings |\n");
        s.append("|---|---|---|---|---|---|---|\n");
        int rank = 1;
        for (CandidateRecord r : ranked) {
            double[] test = testStats(r);
            String score = percent(r.scoreMean()) + " ± " + percent(r.scoreSd());
            s.append(String.format(Locale.ROOT, "| %s | c%03d | %s | %s | %d | %s | %s |%n",
                    rank == 1 ? "**1 (best)**" : Integer.toString(rank), r.index(), r.head(),
                    rank == 1 ? "**" + score + "**" : score, r.seeds().size(),
                    test == null ? "" : percent(test[0]) + " ± " + percent(test[1]),
                    overrides(r.overrides()).replace("|", "\\|")));
            rank++;
        }
        for (CandidateRecord r : unranked) {
            s.append(String.format(Locale.ROOT, "| - | c%03d | %s | %s | %d | | %s |%n", r.index(), r.head(),
                    r.status() + (r.duplicateOf() != null ? String.format(Locale.ROOT, " of c%03d", r.duplicateOf())
                            : r.error() != null ? ": " + r.error().replace("|", "\\|").replace("\n", " ") : ""),
                    r.seeds().size(), overrides(r.overrides()).replace("|", "\\|")));
        }
        if (!ranked.isEmpty()) {
            s.append(String.format(Locale.ROOT, "%nScore: validation %s, mean ± sd over seeds, in percent.%n",
                    ranked.get(0).metric()));
        }
        return s.toString();
    }

    /** Mean and sd of the test accuracy over seeds, or null without a test part. */
    private static double[] testStats(CandidateRecord r) {
        if (r.test() == null || r.test().get("accuracy") == null || r.test().get("accuracy").isEmpty()) {
            return null;
        }
        return Stats.meanSd(r.test().get("accuracy"));
    }

    static String overrides(Map<String, Object> overrides) {
        return overrides.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
    }

    private static String number(Double v) {
        return v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static String percent(Double v) {
        return v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%.1f", 100 * v);
    }

    private static String csvField(String v) {
        if (v == null) {
            return "";
        }
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
