package io.sentifuse.tune;

import io.sentifuse.files.Json;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;
import org.deeplearning4j.arbiter.ui.data.GlobalConfigPersistable;
import org.deeplearning4j.arbiter.ui.data.ModelInfoPersistable;
import org.deeplearning4j.arbiter.ui.misc.JsonMapper;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a sweep into Arbiter's status storage, so the stock {@code /arbiter} page lists the candidates live,
 * shows the best score over time and each candidate's training loss per iteration. Arbiter's own listener reads
 * the loss from a DL4J network, which a SameDiff candidate is not: here the training loop's loss arrives through
 * {@link #iteration} instead, and the candidate's settings stand in for the "model configuration".
 */
public final class ArbiterReporter implements StatusListener {

    private static final Logger LOG = LoggerFactory.getLogger(ArbiterReporter.class);
    /** Points kept per candidate curve; beyond, every other point is dropped (as Arbiter's listener does). */
    static final int MAX_POINTS = 1024;

    private final String sessionId;
    private final StatsStorageRouter storage;
    private final Map<Integer, Curve> curves = new ConcurrentHashMap<>();
    private final Map<Integer, CandidateInfo> infos = new ConcurrentHashMap<>();
    private final Map<Integer, String> settings = new ConcurrentHashMap<>();

    public ArbiterReporter(String sessionId, StatsStorageRouter storage) {
        this.sessionId = sessionId;
        this.storage = storage;
    }

    @Override
    public void onInitialization(IOptimizationRunner runner) {
        putGlobal(runner);
    }

    @Override
    public void onShutdown(IOptimizationRunner runner) {
        putGlobal(runner);
    }

    @Override
    public void onRunnerStatusChange(IOptimizationRunner runner) {
        putGlobal(runner);
    }

    @Override
    public void onCandidateStatusChange(CandidateInfo info, IOptimizationRunner runner, OptimizationResult result) {
        infos.put(info.getIndex(), info);
        putModel(info.getIndex());
        if (info.getCandidateStatus() != CandidateStatus.Running) {
            putGlobal(runner);
        }
    }

    @Override
    public void onCandidateIteration(CandidateInfo info, Object candidate, int iteration) {
        // the loss comes from the training loop through iteration(...)
    }

    /** The settings of candidate {@code index}, shown as its configuration. */
    public void settings(int index, Map<String, Object> values) {
        settings.put(index, Json.pretty(values));
    }

    /** One training step of candidate {@code index} (its runs' iterations, one seed after another). */
    public void iteration(int index, int iteration, double loss) {
        curves.computeIfAbsent(index, k -> new Curve()).add(iteration, (float) loss);
        putModel(index);
    }

    private void putGlobal(IOptimizationRunner r) {
        try {
            storage.putStaticInfo(new GlobalConfigPersistable.Builder()
                    .sessionId(sessionId)
                    .timestamp(System.currentTimeMillis())
                    .optimizationConfigJson(JsonMapper.asJson(r.getConfiguration()))
                    .candidateCounts(r.numCandidatesQueued(), r.numCandidatesCompleted(), r.numCandidatesFailed(),
                            r.numCandidatesTotal())
                    .optimizationRunner(r.getClass().getSimpleName())
                    .build());
        } catch (RuntimeException e) {
            LOG.warn("cannot record the sweep's status for the Arbiter page: {}", e.toString());
        }
    }

    private void putModel(int index) {
        CandidateInfo info = infos.get(index);
        if (info == null) {
            return;
        }
        Curve curve = curves.get(index);
        int[] its = curve == null ? new int[0] : curve.iterations();
        float[] scores = curve == null ? new float[0] : curve.scores();
        try {
            storage.putUpdate(new ModelInfoPersistable.Builder()
                    .sessionId(sessionId)
                    .timestamp(info.getCreatedTime())
                    .workerId(String.valueOf(index))
                    .modelIdx(index)
                    .score(info.getScore())
                    .status(info.getCandidateStatus())
                    .scoreVsIter(its, scores)
                    .lastUpdateTime(System.currentTimeMillis())
                    .totalNumUpdates(its.length == 0 ? 0 : its[its.length - 1])
                    .paramSpaceValues(info.getFlatParams())
                    .modelConfigJson(settings.getOrDefault(index, ""))
                    .exceptionStackTrace(info.getExceptionStackTrace())
                    .build());
        } catch (RuntimeException e) {
            LOG.warn("cannot record candidate {} for the Arbiter page: {}", index, e.toString());
        }
    }

    /** Loss per iteration, thinned by halves beyond {@link #MAX_POINTS}. */
    private static final class Curve {
        private int[] its = new int[64];
        private float[] values = new float[64];
        private int n;
        private int every = 1;

        synchronized void add(int iteration, float loss) {
            if (iteration % every != 0) {
                return;
            }
            if (n == MAX_POINTS) {
                every *= 2;
                int kept = 0;
                for (int i = 0; i < n; i++) {
                    if (its[i] % every == 0) {
                        its[kept] = its[i];
                        values[kept++] = values[i];
                    }
                }
                n = kept;
                if (iteration % every != 0) {
                    return;
                }
            }
            if (n == its.length) {
                its = java.util.Arrays.copyOf(its, n * 2);
                values = java.util.Arrays.copyOf(values, n * 2);
            }
            its[n] = iteration;
            values[n++] = loss;
        }

        synchronized int[] iterations() {
            return java.util.Arrays.copyOf(its, n);
        }

        synchronized float[] scores() {
            return java.util.Arrays.copyOf(values, n);
        }
    }
}
