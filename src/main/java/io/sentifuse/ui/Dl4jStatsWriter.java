package io.sentifuse.ui;

import io.sentifuse.train.IterationStats;
import io.sentifuse.train.RunStarted;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.core.util.UIDProvider;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.stats.api.StatsType;
import org.deeplearning4j.ui.model.stats.impl.SbeStatsInitializationReport;
import org.deeplearning4j.ui.model.stats.impl.SbeStatsReport;
import org.deeplearning4j.ui.model.storage.impl.SbeStorageMetaData;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes our SameDiff training events as the records DL4J's {@code StatsListener} writes, so the stock
 * {@code /train/overview} and {@code /train/system} pages chart them: one static-info record when a run
 * starts, one {@code StatsReport} per iteration.
 *
 * <p>What maps to what: score = mini-batch loss; learning rates = one entry per parameter group; the
 * "mean magnitudes" of parameters and updates are RMS values, {@code ||p|| / sqrt(n)} and
 * {@code ratio * ||p|| / sqrt(n)}, so their quotient (the page's update:parameter ratio) is exactly the
 * trainer's {@code ||update|| / ||parameter||}. On steps where the trainer did not sample ratios the last
 * sampled values are repeated, because the page pairs the n-th ratio with the n-th iteration. The stock page
 * plots ratios only for parameters whose names end in {@code W}. There are no standard deviations or
 * histograms (the events do not carry them) and no {@code /train/model} page (it needs a DL4J network
 * configuration).
 *
 * <p>Two destinations: a live storage (in memory, attached to the server) gets every iteration; the run's
 * stats file gets at most one report per {@value #FILE_INTERVAL_MS} ms of training time plus the last
 * iteration of every epoch, because each write to a DL4J stats file is a synced commit (about 12 ms here)
 * and fast training would outrun it. Not thread-safe: one writer thread calls it.
 */
final class Dl4jStatsWriter {

    static final String WORKER_ID = "sentifuse";
    /** Shortest training time between two reports in the stats file. */
    static final long FILE_INTERVAL_MS = 50;

    private final StatsStorageRouter live;
    private final StatsStorageRouter file;
    private SbeStatsReport unwritten;
    private long lastFileTimestamp = Long.MIN_VALUE;
    private String sessionId;
    private long startMillis;
    private long lastTimestamp;
    private long totalExamples;
    private long minibatches;
    private Map<String, Long> parameterCounts = Map.of();
    private Map<String, Double> lastParamRms;
    private Map<String, Double> lastUpdateRms;

    /** Either destination may be null. */
    Dl4jStatsWriter(StatsStorageRouter live, StatsStorageRouter file) {
        this.live = live;
        this.file = file;
    }

    /** The DL4J session id: the run folder's name, with the start iteration for a resumed run. */
    static String sessionId(RunStarted event) {
        String base = event.runDir().getFileName().toString();
        return event.startIteration() > 0 ? base + "-resumed-at-" + event.startIteration() : base;
    }

    void start(RunStarted event) {
        sessionId = sessionId(event);
        startMillis = System.currentTimeMillis();
        lastTimestamp = startMillis;
        parameterCounts = event.parameterCounts() == null ? Map.of() : Map.copyOf(event.parameterCounts());
        SbeStorageMetaData meta = new SbeStorageMetaData(startMillis, sessionId, StatsListener.TYPE_ID, WORKER_ID,
                SbeStatsInitializationReport.class, SbeStatsReport.class);

        SbeStatsInitializationReport init = new SbeStatsInitializationReport();
        init.reportIDs(sessionId, StatsListener.TYPE_ID, WORKER_ID, startMillis);
        Runtime rt = Runtime.getRuntime();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("run", event.runName());
        env.put("head", event.head());
        env.put("OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        env.put("OPENBLAS_CORETYPE", String.valueOf(System.getenv("OPENBLAS_CORETYPE")));
        init.reportSoftwareInfo(System.getProperty("os.arch"), System.getProperty("os.name"),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("java.specification.version"), Nd4j.factory().getClass().getName(),
                Nd4j.dataType().toString(), hostName(), UIDProvider.getJVMUID(), env);
        init.reportHardwareInfo(rt.availableProcessors(), 0, rt.maxMemory(), Pointer.maxBytes(), new long[0],
                new String[0], UIDProvider.getHardwareUID());
        long totalParams = parameterCounts.values().stream().mapToLong(Long::longValue).sum();
        String[] names = new TreeSet<>(parameterCounts.keySet()).toArray(String[]::new);
        // The overview's "model type" is the text after the last '.', so it must not contain dots.
        init.reportModelInfo("SameDiff " + event.head() + " head", "{}", names, layerCount(names), totalParams);
        for (StatsStorageRouter r : destinations()) {
            r.putStorageMetaData(meta);
            r.putStaticInfo(init);
        }
    }

    private List<StatsStorageRouter> destinations() {
        List<StatsStorageRouter> out = new ArrayList<>(2);
        if (live != null) {
            out.add(live);
        }
        if (file != null) {
            out.add(file);
        }
        return out;
    }

    /**
     * Reports one iteration: always to the live storage; to the file when {@value #FILE_INTERVAL_MS} ms of
     * training time passed since the last one written there and {@code fileAllowed} (false while the
     * writer is far behind).
     */
    void iteration(IterationStats s, boolean fileAllowed) {
        if (sessionId == null) {
            return;
        }
        // Stats storages key updates by timestamp: two in one millisecond would overwrite each other.
        long ts = Math.max(s.timestampMillis(), lastTimestamp + 1);
        lastTimestamp = ts;
        totalExamples += s.batchSize();
        minibatches++;

        SbeStatsReport report = new SbeStatsReport();
        report.reportIDs(sessionId, StatsListener.TYPE_ID, WORKER_ID, ts);
        report.reportIterationCount((int) Math.min(Integer.MAX_VALUE, s.iteration()));
        report.reportScore(s.loss());
        if (s.learningRates() != null && !s.learningRates().isEmpty()) {
            report.reportLearningRates(new HashMap<>(s.learningRates()));
        }
        Runtime rt = Runtime.getRuntime();
        report.reportMemoryUse(rt.totalMemory() - rt.freeMemory(), rt.maxMemory(), Pointer.totalBytes(),
                Pointer.maxBytes(), new long[0], new long[0]);
        double seconds = s.millis() / 1000.0;
        report.reportPerformance(ts - startMillis, totalExamples, minibatches,
                seconds > 0 ? s.batchSize() / seconds : 0.0, seconds > 0 ? 1.0 / seconds : 0.0);
        if (s.updateRatios() != null && !s.updateRatios().isEmpty() && s.parameterNorms() != null) {
            Map<String, Double> paramRms = new HashMap<>();
            Map<String, Double> updateRms = new HashMap<>();
            for (Map.Entry<String, Double> e : s.updateRatios().entrySet()) {
                Double norm = s.parameterNorms().get(e.getKey());
                if (norm == null) {
                    continue;
                }
                double rms = norm / Math.sqrt(Math.max(1L, parameterCounts.getOrDefault(e.getKey(), 1L)));
                paramRms.put(e.getKey(), rms);
                updateRms.put(e.getKey(), e.getValue() * rms);
            }
            if (!paramRms.isEmpty()) {
                lastParamRms = paramRms;
                lastUpdateRms = updateRms;
            }
        }
        if (lastParamRms != null) {
            report.reportMeanMagnitudes(StatsType.Parameters, lastParamRms);
            report.reportMeanMagnitudes(StatsType.Updates, lastUpdateRms);
        }
        if (live != null) {
            live.putUpdate(report);
        }
        if (file != null) {
            if (fileAllowed && ts - lastFileTimestamp >= FILE_INTERVAL_MS) {
                file.putUpdate(report);
                lastFileTimestamp = ts;
                unwritten = null;
            } else {
                unwritten = report;
            }
        }
    }

    /** Writes the last iteration the file skipped (at the end of an epoch or run, so each ends on record). */
    void flushFile() {
        if (file != null && unwritten != null) {
            file.putUpdate(unwritten);
            lastFileTimestamp = unwritten.getTimeStamp();
            unwritten = null;
        }
    }

    /** Parameter groups by name prefix (the text before the last '/', '.' or '_'), as the "layers" figure. */
    static int layerCount(String[] names) {
        TreeSet<String> prefixes = new TreeSet<>();
        for (String n : names) {
            int cut = Math.max(n.lastIndexOf('/'), Math.max(n.lastIndexOf('.'), n.lastIndexOf('_')));
            prefixes.add(cut > 0 ? n.substring(0, cut) : n);
        }
        return prefixes.size();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
