package io.sentifuse.reproduce;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code ablations.csv} and {@code ablations.md}: one row per lever and head, protocols side by side. */
final class AblationTable {

    private AblationTable() {
    }

    static String csv(List<AblationRow> rows) {
        StringBuilder s = new StringBuilder(AblationRow.CSV_HEADER).append('\n');
        for (AblationRow r : rows) {
            s.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%s,%s,%s,%.1f,%s%n", r.group(), r.lever(), r.model(),
                    r.seeds(), figures(r.paper(), "%.2f,%.2f,%.2f,%.2f", ",,,"),
                    r.paperDelta() == null ? "" : String.format(Locale.ROOT, "%.2f", r.paperDelta()),
                    figures(r.standard(), "%.2f,%.2f,%.2f,%.2f", ",,,"), r.secondsMean(), String.join(";", r.set())));
        }
        return s.toString();
    }

    /**
     * The report: the table, each lever with the command that reproduces its rows alone, and the setup.
     *
     * @param seeds the seeds and {@code sets} the overrides of the call, repeated in each lever's command
     */
    static String markdown(List<AblationRow> rows, AblationPlan plan, Map<String, String> facts, int seeds,
                           List<String> sets) {
        StringBuilder s = new StringBuilder("# Ablations: levers toward the paper's 74.5\n\n");
        s.append("Each lever is a change to the paper's frozen-feature experiments (`experiments/paper/<head>.yaml`), ")
                .append("measured on the same seeds and splits as the reproduction table. Paper protocol: random 80/20, ")
                .append("validation figures of the best epoch (optimistic, as the paper reports). Standard protocol: ")
                .append("stratified 8:1:1, epoch chosen on dev, figures on test. Δ: paper-protocol accuracy against ")
                .append("the first lever of the same group on the same head.\n\n");
        s.append("| group | lever | model | seeds | paper acc | Δ | paper wF1 | standard test acc | standard test wF1 "
                + "| s / run |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (AblationRow r : rows) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %s | %s | %s | %.0f |%n", r.group(),
                    r.lever(), r.model(), r.seeds(), figures(r.paper(), "%.1f ± %.1f", ""),
                    r.paperDelta() == null ? "" : String.format(Locale.ROOT, "%+.1f", r.paperDelta()),
                    figures(r.paper(), "%3$.1f ± %4$.1f", ""), figures(r.standard(), "%.1f ± %.1f", ""),
                    figures(r.standard(), "%3$.1f ± %4$.1f", ""), r.secondsMean()));
        }
        s.append("\n## The levers\n\n");
        for (AblationPlan.Lever l : plan.levers()) {
            s.append("- **").append(l.name()).append("** (").append(l.group()).append(")");
            if (!l.note().isEmpty()) {
                s.append(": ").append(l.note());
            }
            if (!l.members().isEmpty()) {
                s.append(". The ensemble of the runs of ").append(String.join(", ", l.members()))
                        .append(" (above), per protocol and seed; it trains nothing itself\n");
                continue;
            }
            s.append(". Its rows alone: `sentifuse reproduce paper --heads ").append(String.join(",", l.heads()))
                    .append(" --seeds ").append(seeds);
            for (String set : java.util.stream.Stream.concat(sets.stream(), l.set().stream()).toList()) {
                s.append(" --set ").append(set);
            }
            s.append("`\n");
        }
        s.append("\n## Setup\n\n");
        facts.forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
        return s.toString();
    }

    /** {@code row}'s accuracy mean, sd, weighted F1 mean, sd through {@code format}, or {@code none} without it. */
    private static String figures(TableRow row, String format, String none) {
        return row == null ? none : String.format(Locale.ROOT, format, row.accMean(), row.accSd(), row.wf1Mean(),
                row.wf1Sd());
    }
}
