package io.sentifuse.reproduce;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.sentifuse.files.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sentifuse reproduce ablations}: every lever of the {@link AblationPlan} on its heads, under each protocol
 * over several seeds, through the same runs as {@code reproduce paper} (same runs folder: a lever's baseline is
 * the reproduction's own runs, reused), summarised in {@code ablations.csv} and {@code ablations.md}.
 */
public final class AblationService {

    public static final String CSV = "ablations.csv";
    public static final String MARKDOWN = "ablations.md";

    private static final Logger LOG = LoggerFactory.getLogger(AblationService.class);

    private final ReproduceService reproduce;

    public AblationService(ReproduceService reproduce) {
        this.reproduce = reproduce;
    }

    /**
     * What to run.
     *
     * @param plan      the ablation plan file
     * @param seeds     seeds per lever, head and protocol
     * @param protocols {@code paper} and/or {@code standard}
     * @param sets      overrides for every run, under each lever's own
     * @param out       where ablations.csv and ablations.md go
     * @param runsDir   the runs folder, or null for the reproduction's
     * @param command   the command line, for the report
     * @param progress  one line per run
     */
    public record Request(Path plan, int seeds, List<String> protocols, List<String> sets, Path out, Path runsDir,
                          List<String> command, PrintWriter progress) {
    }

    /**
     * What was written.
     *
     * @param table    the CSV file
     * @param markdown the Markdown file
     * @param runsDir  the runs folder
     * @param runs     runs in the table
     * @param trained  runs trained by this call
     * @param rows     the table's rows
     * @param seconds  wall time of the call
     */
    @JsonPropertyOrder({"table", "markdown", "runs_dir", "runs", "trained", "rows", "seconds"})
    public record Result(
            @JsonProperty("table") String table,
            @JsonProperty("markdown") String markdown,
            @JsonProperty("runs_dir") String runsDir,
            @JsonProperty("runs") int runs,
            @JsonProperty("trained") int trained,
            @JsonProperty("rows") List<AblationRow> rows,
            @JsonProperty("seconds") double seconds) {
    }

    /**
     * The runs of {@code lever}'s members among the earlier levers' outcomes, each labelled with its member name
     * ({@code <lever>/<head>}) as its model, so that the ensemble rows group them per protocol and seed.
     */
    private static List<PaperRuns.Outcome> memberRuns(AblationPlan.Lever lever,
                                                      Map<String, List<PaperRuns.Outcome>> byLever) {
        List<PaperRuns.Outcome> out = new ArrayList<>();
        for (String member : lever.members()) {
            String[] m = AblationPlan.Lever.member(member);
            for (PaperRuns.Outcome o : byLever.get(m[0])) {
                if (o.spec().model().equals(m[1])) {
                    PaperRuns.Spec s = o.spec();
                    out.add(new PaperRuns.Outcome(new PaperRuns.Spec(s.protocol(), member, s.experiment(), s.seed(),
                            s.sets()), o.report(), o.trained()));
                }
            }
        }
        return out;
    }

    public Result run(Request r) {
        long started = System.nanoTime();
        AblationPlan plan = AblationPlan.read(r.plan());
        ReproduceService.check(r.seeds(), r.protocols(), plan.heads(), "heads");
        Path runsDir = ReproduceService.runsDir(r.runsDir(), r.sets());
        List<AblationRow> rows = new ArrayList<>();
        Map<String, TableRow> baselines = new LinkedHashMap<>();
        int runs = 0;
        int trained = 0;
        Map<String, List<PaperRuns.Outcome>> byLever = new LinkedHashMap<>();
        for (AblationPlan.Lever lever : plan.levers()) {
            List<TableRow> leverRows;
            if (!lever.members().isEmpty()) {
                leverRows = reproduce.ensembleRows(memberRuns(lever, byLever), lever.members());
            } else {
                List<String> sets = new ArrayList<>(r.sets());
                sets.addAll(lever.set());
                List<PaperRuns.Outcome> outcomes = reproduce.obtain(
                        ReproduceService.plan(r.protocols(), lever.heads(), r.seeds()), runsDir, sets, r.progress());
                byLever.put(lever.name(), outcomes);
                runs += outcomes.size();
                trained += (int) outcomes.stream().filter(PaperRuns.Outcome::trained).count();
                leverRows = lever.ensemble().isEmpty() ? ReproduceService.rows(outcomes)
                        : reproduce.ensembleRows(outcomes, lever.ensemble());
            }
            Map<String, TableRow[]> byHead = new LinkedHashMap<>();
            for (TableRow row : leverRows) {
                byHead.computeIfAbsent(row.model(), k -> new TableRow[2])[row.protocol().equals("paper") ? 0 : 1] = row;
            }
            byHead.forEach((head, pair) -> {
                // the group's first paper-protocol row on this head is the baseline of the later ones
                TableRow base = pair[0] == null ? null : baselines.putIfAbsent(lever.group() + "/" + head, pair[0]);
                Double delta = base == null ? null : pair[0].accMean() - base.accMean();
                rows.add(new AblationRow(lever.group(), lever.name(), head, lever.set(), pair[0], pair[1], delta));
            });
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("command", String.join(" ", r.command()));
        facts.put("plan", r.plan().toString());
        facts.put("data", ReproduceService.dataDescription(r.sets()));
        facts.put("runs", runs + " in " + runsDir + " (shared with reproduce paper: baselines are its runs)");
        facts.put("total time", String.format(Locale.ROOT, "%.1f min for this call (reused runs cost nothing)",
                seconds / 60));
        AtomicFiles.writeString(r.out().resolve(CSV), AblationTable.csv(rows));
        AtomicFiles.writeString(r.out().resolve(MARKDOWN), AblationTable.markdown(rows, plan, facts, r.seeds(), r.sets()));
        LOG.info("ablations: {} runs ({} trained now) in {} s", runs, trained, Math.round(seconds));
        return new Result(r.out().resolve(CSV).toString(), r.out().resolve(MARKDOWN).toString(), runsDir.toString(),
                runs, trained, rows, Math.round(seconds * 10) / 10.0);
    }
}
