package io.sentifuse.ui;

import io.sentifuse.train.EpochStats;
import io.sentifuse.train.IterationStats;
import io.sentifuse.train.RunEnded;
import io.sentifuse.train.RunStarted;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the project's page shows about one run, growing as events arrive (live) or as its files are
 * read (stored). Thread-safe. Replayed events (a resumed run repeats the steps after its last checkpoint)
 * replace what was recorded from that iteration or epoch on, so the curves never double back.
 */
final class RunHistory {

    /** Default cap on chart points per series; longer runs are averaged in buckets. */
    static final int DEFAULT_MAX_POINTS = 2000;

    private final String id;
    private String name;
    private String head = "";
    private int totalEpochs;
    private int iterationsPerEpoch;
    private long parameterCount;
    private boolean started;
    private String endReason;
    private int bestEpoch = -1;
    private long updatedAt;

    private final Series iteration = new Series();
    private final Series epoch = new Series();
    private final Series loss = new Series();
    private final Series gradNorm = new Series();
    private final Series millis = new Series();
    private final Series batch = new Series();
    private final Map<String, Series> learningRates = new TreeMap<>();

    private final Series ratioIteration = new Series();
    private final Map<String, Series> ratios = new TreeMap<>();

    private final List<EpochStats> epochs = new ArrayList<>();

    RunHistory(String id) {
        this.id = id;
        this.name = id;
    }

    String id() {
        return id;
    }

    /** A run (re)starts; {@code timeMillis} is when (0 when unknown: it does not move "last update"). */
    synchronized void start(RunStarted e, long timeMillis) {
        started = true;
        endReason = null;
        name = e.runName() == null || e.runName().isBlank() ? id : e.runName();
        head = e.head() == null ? "" : e.head();
        totalEpochs = e.totalEpochs();
        iterationsPerEpoch = e.iterationsPerEpoch();
        parameterCount = e.parameterCounts() == null ? 0
                : e.parameterCounts().values().stream().mapToLong(Long::longValue).sum();
        touch(timeMillis);
    }

    synchronized void add(IterationStats s) {
        truncateFrom(s.iteration());
        int row = iteration.size();
        iteration.add(s.iteration());
        epoch.add(s.epoch());
        loss.add(s.loss());
        gradNorm.add(s.gradientNorm());
        millis.add(s.millis());
        batch.add(s.batchSize());
        appendAligned(learningRates, s.learningRates(), row);
        if (s.updateRatios() != null && !s.updateRatios().isEmpty()) {
            int ratioRow = ratioIteration.size();
            ratioIteration.add(s.iteration());
            appendAligned(ratios, s.updateRatios(), ratioRow);
        }
        touch(s.timestampMillis());
    }

    synchronized void add(EpochStats e) {
        epochs.removeIf(old -> old.epoch() >= e.epoch());
        epochs.add(e);
        if (e.best()) {
            bestEpoch = e.epoch();
        }
        touch(e.timestampMillis());
    }

    /** The run ends; {@code timeMillis} as for {@link #start}. */
    synchronized void end(RunEnded e, long timeMillis) {
        endReason = e.reason();
        if (e.bestEpoch() >= 0) {
            bestEpoch = e.bestEpoch();
        }
        touch(timeMillis);
    }

    /** Whether any event has been recorded. */
    synchronized boolean isEmpty() {
        return !started && iteration.size() == 0 && epochs.isEmpty();
    }

    synchronized long lastUpdate() {
        return updatedAt;
    }

    private void touch(long t) {
        updatedAt = Math.max(updatedAt, t);
    }

    private void truncateFrom(long it) {
        int kept = iteration.size();
        while (kept > 0 && iteration.get(kept - 1) >= it) {
            kept--;
        }
        if (kept == iteration.size()) {
            return;
        }
        int keep = kept;
        for (Series s : List.of(iteration, epoch, loss, gradNorm, millis, batch)) {
            s.truncate(keep);
        }
        learningRates.values().forEach(s -> s.truncate(keep));
        int keptRatios = ratioIteration.size();
        while (keptRatios > 0 && ratioIteration.get(keptRatios - 1) >= it) {
            keptRatios--;
        }
        int keepRatios = keptRatios;
        ratioIteration.truncate(keepRatios);
        for (Series s : ratios.values()) {
            s.truncate(keepRatios);
        }
    }

    /** Adds one row to columns keyed by name; new names start with NaN rows, missing names get NaN. */
    private static void appendAligned(Map<String, Series> columns, Map<String, Double> values, int row) {
        if (values != null) {
            for (String k : values.keySet()) {
                columns.computeIfAbsent(k, x -> Series.ofNaN(row));
            }
        }
        for (Map.Entry<String, Series> c : columns.entrySet()) {
            Double v = values == null ? null : values.get(c.getKey());
            c.getValue().add(v == null ? Double.NaN : v);
        }
    }

    /**
     * "running" (live, no end yet), the trainer's end reason ("completed", "early-stopped", "failed: ..."),
     * or for a stored run without an end: "unfinished".
     */
    private String status(boolean live) {
        if (endReason != null) {
            return endReason;
        }
        return live ? "running" : "unfinished";
    }

    /** One line of the runs list. */
    synchronized Map<String, Object> summary(boolean live) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("head", head);
        m.put("status", status(live));
        m.put("live", live);
        m.put("total_epochs", totalEpochs);
        m.put("epochs_done", epochs.size());
        m.put("iteration_count", iteration.size());
        m.put("last_iteration", iteration.size() == 0 ? null : (long) iteration.last());
        m.put("latest_loss", finite(loss.last()));
        EpochStats best = bestEpochStats();
        m.put("best", best == null ? null : epochJson(best));
        m.put("updated_at", updatedAt);
        return m;
    }

    private EpochStats bestEpochStats() {
        for (EpochStats e : epochs) {
            if (e.epoch() == bestEpoch) {
                return e;
            }
        }
        return null;
    }

    /** Everything the run page charts, each iteration series reduced to at most {@code maxPoints} points. */
    synchronized Map<String, Object> detail(boolean live, int maxPoints) {
        Map<String, Object> m = summary(live);
        m.put("iterations_per_epoch", iterationsPerEpoch);
        m.put("parameter_count", parameterCount);
        m.put("best_epoch", bestEpoch);
        m.put("latest", latest());

        int bucket = Series.bucketSize(iteration.size(), maxPoints);
        Map<String, Object> its = new LinkedHashMap<>();
        its.put("bucket", bucket);
        its.put("iteration", iteration.bucketEnds(bucket));
        its.put("loss", loss.downsample(bucket));
        its.put("grad_norm", gradNorm.downsample(bucket));
        Map<String, Object> lrs = new LinkedHashMap<>();
        learningRates.forEach((k, s) -> lrs.put(k, s.downsample(bucket)));
        its.put("lr", lrs);
        m.put("iterations", its);

        int rBucket = Series.bucketSize(ratioIteration.size(), maxPoints);
        Map<String, Object> rs = new LinkedHashMap<>();
        rs.put("iteration", ratioIteration.bucketEnds(rBucket));
        Map<String, Object> series = new LinkedHashMap<>();
        ratios.forEach((k, s) -> series.put(k, s.downsample(rBucket)));
        rs.put("series", series);
        m.put("update_ratios", rs);

        m.put("epochs", epochs.stream().map(RunHistory::epochJson).toList());
        return m;
    }

    private Map<String, Object> latest() {
        if (iteration.size() == 0) {
            return null;
        }
        int i = iteration.size() - 1;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iteration", (long) iteration.get(i));
        m.put("epoch", (int) epoch.get(i));
        m.put("loss", finite(loss.get(i)));
        m.put("grad_norm", finite(gradNorm.get(i)));
        Map<String, Object> lr = new LinkedHashMap<>();
        learningRates.forEach((k, s) -> lr.put(k, finite(s.get(i))));
        m.put("lr", lr);
        double ms = millis.get(i);
        m.put("steps_per_second", ms > 0 ? 1000.0 / ms : null);
        m.put("examples_per_second", ms > 0 ? batch.get(i) * 1000.0 / ms : null);
        return m;
    }

    static Map<String, Object> epochJson(EpochStats e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", e.epoch());
        m.put("iteration", e.iteration());
        m.put("train_loss", finite(e.trainLoss()));
        Map<String, Object> val = new TreeMap<>();
        if (e.validation() != null) {
            e.validation().forEach((k, v) -> val.put(k, v == null ? null : finite(v)));
        }
        m.put("val", val);
        m.put("best", e.best());
        m.put("seconds", finite(e.seconds()));
        m.put("timestamp", e.timestampMillis());
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
