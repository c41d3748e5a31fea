package io.sentifuse.reproduce;

import io.sentifuse.files.AtomicFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code table.csv} and {@code table.md}: our rows, and in the Markdown the reported numbers beside them. */
final class TableWriter {

    private TableWriter() {
    }

    static String csv(List<TableRow> rows) {
        StringBuilder s = new StringBuilder(TableRow.CSV_HEADER).append('\n');
        for (TableRow r : rows) {
            s.append(String.format(Locale.ROOT, "%s,%s,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.1f,%.1f%n", r.protocol(),
                    r.model(), r.seeds(), r.accMean(), r.accSd(), r.wf1Mean(), r.wf1Sd(), r.mf1Mean(), r.mf1Sd(),
                    r.epochsMean(), r.secondsMean()));
        }
        return s.toString();
    }

    /**
     * The Markdown report: a table per protocol with the paper's and the course project's numbers beside ours,
     * the published results for the standard protocol, the thesis check, and what produced it.
     */
    static String markdown(List<TableRow> rows, References refs, Map<String, ReproduceResult.Thesis> thesis,
                           Map<String, Object> facts) {
        StringBuilder s = new StringBuilder("# MVSA-Single: the paper's table, reproduced\n\n");
        for (String protocol : List.of("paper", "standard")) {
            List<TableRow> part = rows.stream().filter(r -> r.protocol().equals(protocol)).toList();
            if (part.isEmpty()) {
                continue;
            }
            s.append(protocol.equals("paper")
                    ? "## Paper protocol (random 80/20 per seed, best validation epoch: optimistic, as the paper and "
                    + "the course project report it)\n\n"
                    : "## Standard protocol (stratified 8:1:1 per seed, epoch chosen on dev, figures on test)\n\n");
            s.append("| model | seeds | accuracy | weighted F1 | macro F1 | epoch | s / run | paper | course project |\n");
            s.append("|---|---|---|---|---|---|---|---|---|\n");
            for (TableRow r : part) {
                s.append(String.format(Locale.ROOT, "| %s | %d | %.1f ± %.1f | %.1f ± %.1f | %.1f ± %.1f | %.1f | %.0f | %s | %s |%n",
                        r.model(), r.seeds(), r.accMean(), r.accSd(), r.wf1Mean(), r.wf1Sd(), r.mf1Mean(), r.mf1Sd(),
                        r.epochsMean(), r.secondsMean(), reported(refs, "paper", protocol, r.model()),
                        reported(refs, "course", protocol, r.model())));
            }
            ReproduceResult.Thesis t = thesis.get(protocol);
            if (t != null) {
                s.append("\n**The paper's thesis under this protocol:** ").append(t.statement()).append("\n");
            }
            s.append('\n');
        }
        References.Source published = refs.sources().get("published");
        if (published != null) {
            s.append("## Published results (standard 8:1:1 protocol, single runs)\n\n| method | accuracy | weighted F1 |\n|---|---|---|\n");
            published.rows().forEach((name, f) -> s.append(String.format(Locale.ROOT, "| %s | %.2f | %s |%n", name,
                    f.acc(), f.wf1() == null ? "" : String.format(Locale.ROOT, "%.2f", f.wf1()))));
            s.append('\n');
        }
        s.append("## Sources and setup\n\n");
        refs.citations().forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
        facts.forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
        return s.toString();
    }

    private static String reported(References refs, String source, String protocol, String model) {
        References.Source s = refs.sources().get(source);
        References.Figure f = refs.figure(source, model);
        if (s == null || f == null || !s.protocol().equals(protocol)) {
            return "";
        }
        return String.format(Locale.ROOT, "%.2f", f.acc()) + (f.wf1() == null ? "" : String.format(Locale.ROOT,
                " / %.1f", f.wf1()));
    }

    static void write(Path dir, String csv, String markdown) {
        AtomicFiles.writeString(dir.resolve(ReproduceService.CSV), csv);
        AtomicFiles.writeString(dir.resolve(ReproduceService.MARKDOWN), markdown);
    }
}
