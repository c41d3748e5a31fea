package io.sentifuse.ui;

import io.sentifuse.files.Json;
import io.sentifuse.sweep.CandidateRecord;
import io.sentifuse.sweep.Leaderboard;
import io.sentifuse.sweep.Ledger;
import io.sentifuse.sweep.Stats;
import io.sentifuse.sweep.SweepDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The sweep board's data: the sweeps found under watched folders (a sweep folder, or a folder holding sweep
 * folders up to three levels down, such as a runs folder), each read from its own files, so a sweep another
 * process runs shows and grows: the ledger's candidates ranked as the leaderboard ranks them, the spread of scores
 * per fusion head, and each candidate's run folders with the ids the training page knows them by.
 */
public final class SweepBoard {

    private static final SweepBoard SHARED = new SweepBoard();

    private final Set<Path> watched = new CopyOnWriteArraySet<>();

    static SweepBoard shared() {
        return SHARED;
    }

    /** Shows the sweeps in or under {@code folder}. */
    public void watch(Path folder) {
        watched.add(folder.toAbsolutePath().normalize());
    }

    void clear() {
        watched.clear();
    }

    private Map<String, Path> sweeps() {
        Map<String, Path> out = new TreeMap<>();
        for (Path root : watched) {
            for (Path dir : SweepDir.find(root)) {
                out.putIfAbsent(dir.getFileName().toString(), dir);
            }
        }
        return out;
    }

    /** One line per sweep, newest first. */
    public List<Map<String, Object>> summaries() {
        List<Map<String, Object>> out = new ArrayList<>();
        sweeps().forEach((id, dir) -> out.add(summary(id, dir, new Ledger(dir).records())));
        out.sort(Comparator.comparing((Map<String, Object> m) -> String.valueOf(m.get("id"))).reversed());
        return out;
    }

    /** The board of sweep {@code id}: its candidates ranked, scores per head, links. */
    public Optional<Map<String, Object>> detail(String id) {
        Path dir = sweeps().get(id);
        if (dir == null) {
            return Optional.empty();
        }
        List<CandidateRecord> records = new Ledger(dir).records();
        Map<String, Object> d = summary(id, dir, records);
        Leaderboard board = Leaderboard.of(records);
        List<Map<String, Object>> rows = new ArrayList<>();
        int rank = 1;
        for (CandidateRecord r : board.ranked()) {
            rows.add(row(r, rank++));
        }
        records.stream().filter(r -> !r.completed()).forEach(r -> rows.add(row(r, 0)));
        d.put("candidates", rows);
        d.put("heads", heads(board.ranked()));
        d.put("arbiter_url", "/arbiter");
        return Optional.of(d);
    }

    private static Map<String, Object> summary(String id, Path dir, List<CandidateRecord> records) {
        Map<String, Object> s = new LinkedHashMap<>();
        Map<String, Object> sweepFile = sweepFile(dir);
        s.put("id", id);
        s.put("name", sweepFile.getOrDefault("name", id));
        s.put("dir", dir.toString());
        Object budget = sweepFile.get("budget") instanceof Map<?, ?> b ? b.get("max_candidates") : null;
        s.put("budget", budget);
        Object score = sweepFile.get("score") instanceof Map<?, ?> sc ? sc.get("metric") : null;
        s.put("metric", score);
        long failed = records.stream().filter(r -> !r.completed()).count();
        s.put("finished", records.size());
        s.put("failed", failed);
        boolean done = Files.isRegularFile(dir.resolve(SweepDir.RESULT_FILE));
        s.put("status", done ? "completed" : "running");
        CandidateRecord best = Leaderboard.of(records).best();
        if (best != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("candidate", best.index());
            b.put("head", best.head());
            b.put("score", best.scoreMean());
            b.put("score_sd", best.scoreSd());
            s.put("best", b);
        }
        s.put("updated_at", modified(dir.resolve(SweepDir.LEDGER_FILE)));
        return s;
    }

    private static Map<String, Object> row(CandidateRecord r, int rank) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", rank == 0 ? null : rank);
        m.put("candidate", r.index());
        m.put("head", r.head());
        m.put("overrides", r.overrides());
        m.put("status", r.status());
        m.put("score_mean", r.completed() ? r.scoreMean() : null);
        m.put("score_sd", r.completed() ? r.scoreSd() : null);
        m.put("seeds", r.seeds().size());
        if (r.test() != null && r.test().get("accuracy") != null) {
            m.put("test_mean", Stats.meanSd(r.test().get("accuracy"))[0]);
        }
        m.put("seconds", r.seconds());
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 0; i < r.runDirs().size(); i++) {
            Path run = Path.of(r.runDirs().get(i));
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("seed", r.seeds().get(i));
            one.put("score", i < r.scores().size() ? r.scores().get(i) : null);
            one.put("id", RunCatalog.shared().idOf(run).orElse(run.getFileName().toString()));
            runs.add(one);
        }
        m.put("runs", runs);
        if (r.error() != null) {
            m.put("error", r.error());
        }
        return m;
    }

    /** Per head: candidates, best, worst and mean score. */
    private static List<Map<String, Object>> heads(List<CandidateRecord> ranked) {
        Map<String, List<Double>> byHead = new TreeMap<>();
        ranked.forEach(r -> byHead.computeIfAbsent(r.head(), k -> new ArrayList<>()).add(r.scoreMean()));
        List<Map<String, Object>> out = new ArrayList<>();
        byHead.forEach((head, scores) -> {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("head", head);
            h.put("candidates", scores.size());
            h.put("best", scores.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
            h.put("worst", scores.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
            h.put("mean", Stats.meanSd(scores)[0]);
            h.put("scores", scores);
            out.add(h);
        });
        out.sort(Comparator.comparingDouble((Map<String, Object> m) -> (Double) m.get("best")).reversed());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sweepFile(Path dir) {
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(Files.readString(dir.resolve(SweepDir.SWEEP_FILE)));
            return doc instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    private static long modified(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.getLastModifiedTime(file).toMillis() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** JSON of {@link #summaries()} (for tests and {@code ui --json}). */
    String summariesJson() {
        return Json.line(summaries());
    }
}
