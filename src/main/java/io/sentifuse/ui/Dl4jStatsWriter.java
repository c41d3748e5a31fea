package io.sentifuse.ui;

import io.sentifuse.train.IterationStats;
import io.sentifuse.train.RunStarted;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * starts, one {@code StatsReport} per iteration. Two uses: {@link #live} while this process trains (with
 * {@code --ui}), and {@link #replay} of a stored run's {@code iterations.jsonl} for {@code sentifuse ui}.
 *
 * <p>What maps to what: score = mini-batch loss; learning rates = one entry per parameter group; the
 * "mean magnitudes" of parameters and updates are RMS values, {@code ||p|| / sqrt(n)} and
 * {@code ratio * ||p|| / sqrt(n)}, so their quotient (the page's update:parameter ratio) is exactly the
 * trainer's {@code ||update|| / ||parameter||}. On steps where the trainer did not sample ratios the last
 * sampled values are repeated, because the page pairs the n-th ratio with the n-th iteration. The stock page
 * plots ratios only for parameters whose names end in {@code W}. There are no standard deviations or
 * histograms (the events do not carry them) and no {@code /train/model} page (it needs a DL4J network
 * configuration). A replay has no memory figures (the trainer's files do not record them) and describes the
 * training machine from provenance, not this one. Not thread-safe: one thread calls it.
 */
final class Dl4jStatsWriter {

    static final String WORKER_ID = "sentifuse";

    private final StatsStorageRouter storage;
    private final String sessionId;
    /** The training machine as provenance recorded it; null when it is this process (live). */
    private final Map<String, String> recordedSystem;
    private boolean started;
    private long startMillis;
    private long lastTimestamp;
    private long totalExamples;
    private long minibatches;
    private Map<String, Long> parameterCounts = Map.of();
    private Map<String, Double> lastParamRms;
    private Map<String, Double> lastUpdateRms;

    private Dl4jStatsWriter(StatsStorageRouter storage, String sessionId, Map<String, String> recordedSystem) {
        this.storage = storage;
        this.sessionId = sessionId;
        this.recordedSystem = recordedSystem;
    }

    /** For a run this process trains: software, hardware and memory are this JVM's. */
    static Dl4jStatsWriter live(StatsStorageRouter storage, String sessionId) {
        return new Dl4jStatsWriter(storage, sessionId, null);
    }

    /** For a stored run; {@code system} is its provenance's {@code system} section (may be empty). */
    static Dl4jStatsWriter replay(StatsStorageRouter storage, String sessionId, Map<String, String> system) {
        return new Dl4jStatsWriter(storage, sessionId, Map.copyOf(system));
    }

    /** The live DL4J session id: the run folder's name, with the start iteration for a resumed run. */
    static String sessionId(RunStarted event) {
        String base = event.runDir().getFileName().toString();
        return event.startIteration() > 0 ? base + "-resumed-at-" + event.startIteration() : base;
    }

    String sessionId() {
        return sessionId;
    }

    /** The static-info record; {@code startMillis} is when the run started (the origin of the runtime axis). */
    void start(RunStarted event, long startMillis) {
        started = true;
        this.startMillis = startMillis;
        lastTimestamp = startMillis;
        parameterCounts = event.parameterCounts() == null ? Map.of() : Map.copyOf(event.parameterCounts());
        SbeStorageMetaData meta = new SbeStorageMetaData(startMillis, sessionId, StatsListener.TYPE_ID, WORKER_ID,
                SbeStatsInitializationReport.class, SbeStatsReport.class);

        SbeStatsInitializationReport init = new SbeStatsInitializationReport();
        init.reportIDs(sessionId, StatsListener.TYPE_ID, WORKER_ID, startMillis);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("run", event.runName());
        env.put("head", event.head());
        if (recordedSystem == null) {
            Runtime rt = Runtime.getRuntime();
            env.put("OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
            env.put("OPENBLAS_CORETYPE", String.valueOf(System.getenv("OPENBLAS_CORETYPE")));
            init.reportSoftwareInfo(System.getProperty("os.arch"), System.getProperty("os.name"),
                    System.getProperty("java.vm.name"), System.getProperty("java.version"),
                    System.getProperty("java.specification.version"), Nd4j.factory().getClass().getName(),
                    Nd4j.dataType().toString(), hostName(), UIDProvider.getJVMUID(), env);
            init.reportHardwareInfo(rt.availableProcessors(), 0, rt.maxMemory(), Pointer.maxBytes(), new long[0],
                    new String[0], UIDProvider.getHardwareUID());
        } else {
            recordedSystem.forEach((k, v) -> env.putIfAbsent(k, v));
            init.reportSoftwareInfo("", recorded("os"), "", recorded("java"), "", recorded("backend"), "", "", "", env);
            int cores = 0;
            try {
                cores = Integer.parseInt(recorded("logical_cores"));
            } catch (NumberFormatException e) {
                // not recorded: the page shows 0
            }
            init.reportHardwareInfo(cores, 0, 0, 0, new long[0], new String[0], "");
        }
        long totalParams = parameterCounts.values().stream().mapToLong(Long::longValue).sum();
        String[] names = new TreeSet<>(parameterCounts.keySet()).toArray(String[]::new);
        // The overview's "model type" is the text after the last '.', so it must not contain dots.
        init.reportModelInfo("SameDiff " + event.head() + " head", "{}", names, layerCount(names), totalParams);
        storage.putStorageMetaData(meta);
        storage.putStaticInfo(init);
    }

    private String recorded(String key) {
        return recordedSystem.getOrDefault(key, "");
    }

    /** Reports one iteration (ignored before {@link #start}). */
    void iteration(IterationStats s) {
        if (!started) {
            return;
        }
        // Stats storages key updates by timestamp: two in one millisecond would overwrite each other. Lines
        // without a clock time (older run folders) are placed one step duration after the previous one.
        long t = s.timestampMillis() > 0 ? s.timestampMillis() : lastTimestamp + Math.max(1, s.millis());
        long ts = Math.max(t, lastTimestamp + 1);
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
        if (recordedSystem == null) {
            Runtime rt = Runtime.getRuntime();
            report.reportMemoryUse(rt.totalMemory() - rt.freeMemory(), rt.maxMemory(), Pointer.totalBytes(),
                    Pointer.maxBytes(), new long[0], new long[0]);
        }
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
            // The same map objects on every unsampled step: a long replay holds one copy, not one per step.
            report.reportMeanMagnitudes(StatsType.Parameters, lastParamRms);
            report.reportMeanMagnitudes(StatsType.Updates, lastUpdateRms);
        }
        storage.putUpdate(report);
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
