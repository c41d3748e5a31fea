package io.sentifuse.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.ensemble.RunEnsemble;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ensemble row of the table: per protocol and seed, the equal-weight probability average of the member models'
 * runs on that seed's split ({@link RunEnsemble}), scored on the part the protocol reports (validation under the
 * paper protocol, test under the standard one), then mean ± sd over seeds like every other row. The members are
 * fixed before anything is scored (by default every multimodal model of the table), so no figure chooses them. A
 * score is computed once per set of member runs ({@link EnsembleScores}).
 */
final class EnsembleRows {

    /** The model name of the ensemble row. */
    static final String MODEL = "ensemble";

    private static final Logger LOG = LoggerFactory.getLogger(EnsembleRows.class);

    private EnsembleRows() {
    }

    /** One row per protocol whose seeds have every member; none when {@code members} has fewer than two. */
    static List<TableRow> rows(List<PaperRuns.Outcome> outcomes, List<String> members, RunEnsemble ensemble) {
        List<TableRow> rows = new ArrayList<>();
        if (members.size() < 2) {
            return rows;
        }
        EnsembleScores scores = new EnsembleScores(ensemble);
        // protocol -> seed -> member model -> outcome
        Map<String, Map<Long, Map<String, PaperRuns.Outcome>>> grouped = new LinkedHashMap<>();
        for (PaperRuns.Outcome o : outcomes) {
            if (members.contains(o.spec().model())) {
                grouped.computeIfAbsent(o.spec().protocol(), k -> new TreeMap<>())
                        .computeIfAbsent(o.spec().seed(), k -> new LinkedHashMap<>()).put(o.spec().model(), o);
            }
        }
        grouped.forEach((protocol, bySeed) -> {
            TableRow.Seeds seeds = new TableRow.Seeds();
            for (var seed : bySeed.entrySet()) {
                if (!seed.getValue().keySet().containsAll(members)) {
                    continue;
                }
                List<Path> runDirs = new ArrayList<>();
                double epochs = 0;
                double seconds = 0;
                for (String m : members) {
                    JsonNode report = seed.getValue().get(m).report();
                    runDirs.add(Path.of(report.get("run_dir").asText()));
                    epochs += report.get("best_epoch").asInt() + 1;
                    seconds += report.get("seconds").asDouble();
                }
                EnsembleScores.Score e = scores.score(runDirs, protocol.equals("standard")
                        ? RunEnsemble.Part.TEST : RunEnsemble.Part.VALIDATION);
                // an ensemble costs the training of all its members: epochs and seconds are their sums per seed
                seeds.add(e.accuracy(), e.weightedF1(), e.macroF1(), epochs, seconds);
                runDirs.forEach(d -> seeds.run(d.toString()));
                LOG.info(String.format(Locale.ROOT, "ensemble of %s, %s protocol, seed %d: accuracy %.2f (members %s)",
                        members, protocol, seed.getKey(), 100 * e.accuracy(), e.memberAccuracy().stream()
                                .map(a -> String.format(Locale.ROOT, "%.2f", 100 * a)).toList()));
            }
            if (!seeds.isEmpty()) {
                rows.add(seeds.row(protocol, MODEL));
            }
        });
        return rows;
    }
}
