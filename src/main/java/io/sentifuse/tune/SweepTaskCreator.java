package io.sentifuse.tune;

import io.sentifuse.sweep.CandidateRecord;
import io.sentifuse.sweep.Ledger;
import io.sentifuse.train.IterationStats;
import io.sentifuse.train.TrainingListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arbiter's hook into our trainer: each candidate Arbiter draws becomes a task that trains its seeds with the
 * {@link CandidateTrainer}, here or on a cluster ({@link CandidateRunner}) (or, when the ledger already lists it, returns what it recorded), appends the outcome
 * to the ledger the moment it is known, and reports its status and training loss to Arbiter's listeners.
 */
final class SweepTaskCreator implements TaskCreator {

    private static final Logger LOG = LoggerFactory.getLogger(SweepTaskCreator.class);

    private final CandidateTrainer trainer;
    private final CandidateRunner runner;
    private final Ledger ledger;
    private final Map<Integer, CandidateRecord> done;
    private final ArbiterReporter reporter;
    private final SweepProgress progress;

    SweepTaskCreator(CandidateTrainer trainer, CandidateRunner runner, Ledger ledger,
                     Map<Integer, CandidateRecord> done, ArbiterReporter reporter, SweepProgress progress) {
        this.trainer = trainer;
        this.runner = runner;
        this.ledger = ledger;
        this.done = done;
        this.reporter = reporter;
        this.progress = progress;
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, DataProvider dataProvider, ScoreFunction score,
                                               List<StatusListener> listeners, IOptimizationRunner runner) {
        return () -> run(candidate, listeners, runner);
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, Class<? extends DataSource> dataSource,
                                               Properties properties, ScoreFunction score,
                                               List<StatusListener> listeners, IOptimizationRunner runner) {
        return () -> run(candidate, listeners, runner);
    }

    private OptimizationResult run(Candidate candidate, List<StatusListener> listeners, IOptimizationRunner runner) {
        int index = candidate.getIndex();
        long created = System.currentTimeMillis();
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) candidate.getValue();
        reporter.settings(index, settings);
        CandidateInfo running = new CandidateInfo(index, CandidateStatus.Running, null, created, created, null,
                candidate.getFlatParameters(), null);
        listeners.forEach(l -> l.onCandidateStatusChange(running, runner, null));

        CandidateRecord record = done.get(index);
        boolean trainedNow = record == null;
        if (record != null && !record.overrides().equals(settings)) {
            throw new IllegalStateException("candidate " + index + " was recorded with " + record.overrides()
                    + " but is now drawn as " + settings + ": the sweep file or the code changed since it started");
        }
        if (record == null) {
            record = trainOrFail(index, settings);
            ledger.append(record);
        }
        progress.finished(record, trainedNow);
        CandidateStatus status = record.completed() ? CandidateStatus.Complete : CandidateStatus.Failed;
        CandidateInfo finished = new CandidateInfo(index, status, record.scoreMean(), created, created,
                System.currentTimeMillis(), candidate.getFlatParameters(), record.error());
        OptimizationResult result = new OptimizationResult(candidate, record.completed() ? record.scoreMean() : null,
                index, record, finished, null);
        listeners.forEach(l -> l.onCandidateStatusChange(finished, runner, result));
        return result;
    }

    private CandidateRecord trainOrFail(int index, Map<String, Object> settings) {
        AtomicInteger step = new AtomicInteger();
        TrainingListener loss = new TrainingListener() {
            @Override
            public void onIteration(IterationStats s) {
                reporter.iteration(index, step.incrementAndGet(), s.loss());
            }
        };
        try {
            return runner.train(index, settings, loss);
        } catch (RuntimeException e) {
            // one bad candidate (e.g. heads that do not divide the width drawn with them) must not end the sweep
            LOG.warn("candidate {} ({}) failed: {}", index, settings, e.getMessage());
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            LOG.debug("candidate {} failure:\n{}", index, trace);
            return new CandidateRecord(index, String.valueOf(settings.getOrDefault(SweepParameter.HEAD_KEY,
                    trainer.baseHead())), settings, CandidateRecord.FAILED, trainer.metric(), trainer.seeds(),
                    List.of(), Double.NaN, Double.NaN, Map.of(), null, List.of(), 0, List.of(), null,
                    String.valueOf(e.getMessage()));
        }
    }
}
