package io.sentifuse.tune;

import io.sentifuse.config.ConfigSchema;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.FeatureSources;
import io.sentifuse.features.store.EncodeService;
import io.sentifuse.features.store.LoggingFillListener;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Json;
import io.sentifuse.sweep.CandidateRecord;
import io.sentifuse.sweep.Leaderboard;
import io.sentifuse.sweep.Ledger;
import io.sentifuse.sweep.SweepDir;
import io.sentifuse.train.TrainingService;
import io.sentifuse.ui.ArbiterPage;
import io.sentifuse.ui.UiServer;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxTimeCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sentifuse sweep}: a hyper-parameter search over fusion strategies with Arbiter. Arbiter draws the
 * candidates ({@link Candidates}: random, grid or genetic search over the sweep file's space, seeded), runs them
 * through its {@link LocalOptimizationRunner} ({@code budget.parallel} at once) and ends on the budget; each
 * candidate trains its seeds as ordinary runs ({@link CandidateTrainer}). The sweep folder keeps the resolved
 * sweep file, the ledger (the truth for {@code --resume}: finished candidates never train again), the leaderboard
 * and Arbiter's status storage for the {@code /arbiter} page.
 */
public final class SweepService {

    private static final Logger LOG = LoggerFactory.getLogger(SweepService.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final TrainingService training;
    private final Clock clock;
    private final CandidateRunner.Factory runners;

    /** Candidates train in this JVM. */
    public SweepService(TrainingService training, Clock clock) {
        this(training, clock, (sweep, dir, local, features) -> CandidateRunner.local(sweep, local));
    }

    /** Candidates train where {@code runners} sends them (a Spark cluster). */
    public SweepService(TrainingService training, Clock clock, CandidateRunner.Factory runners) {
        this.training = training;
        this.clock = clock;
        this.runners = runners;
    }

    public SweepResult run(SweepRequest request) {
        long started = System.nanoTime();
        SweepFile sweep;
        Path dir;
        if (request.resumeDir() != null) {
            if (!request.sets().isEmpty()) {
                throw new UserInputException("--set cannot be combined with --resume: a resumed sweep keeps the "
                        + "sweep file stored in " + request.resumeDir().resolve(SweepDir.SWEEP_FILE));
            }
            dir = SweepDir.require(request.resumeDir());
            sweep = SweepFile.read(dir.resolve(SweepDir.SWEEP_FILE), List.of());
            LOG.info("resuming sweep {}: {} candidates finished earlier", dir, new Ledger(dir).read().size());
        } else {
            if (request.sweepFile() == null) {
                throw new UserInputException("sweep needs a sweep file (or --resume SWEEP_DIR)");
            }
            sweep = SweepFile.read(request.sweepFile(), request.sets());
            dir = create(sweep);
            AtomicFiles.writeString(dir.resolve(SweepDir.SWEEP_FILE), sweep.toYaml());
        }
        EncodeService.Result features = prepareFeatures(sweep.baseConfig());
        Ledger ledger = new Ledger(dir);
        Map<Integer, CandidateRecord> done = ledger.read();
        String metric = ConfigSchema.yamlEnum(sweep.settings().score().metric());
        CandidateGenerator generator = Candidates.generator(sweep);
        List<TerminationCondition> stop = new ArrayList<>(List.of(new AllCandidatesDone()));
        if (sweep.settings().budget().maxMinutes() > 0) {
            stop.add(new MaxTimeCondition(Math.round(sweep.settings().budget().maxMinutes() * 60), TimeUnit.SECONDS));
        }
        OptimizationConfiguration config = new OptimizationConfiguration.Builder()
                .candidateGenerator(generator)
                .scoreFunction(new SweepScore(metric))
                .terminationConditions(stop)
                .build();
        boolean ui = request.ui() || sweep.baseConfig().ui().enabled();
        String host = request.uiHost() != null ? request.uiHost() : sweep.baseConfig().ui().host();
        UiServer server = ui ? UiServer.start(host, sweep.baseConfig().ui().port()) : null;
        FileStatsStorage stats = server != null ? ArbiterPage.attach(server, dir) : ArbiterPage.record(dir);
        CandidateTrainer trainer = new CandidateTrainer(training, sweep, dir, ui);
        try (CandidateRunner candidates = runners.open(sweep, dir, trainer, features)) {
            if (server != null) {
                server.catalog().watch(dir.resolve(SweepDir.RUNS));
                server.sweeps().watch(dir);
                LOG.info("live sweep: board {}, Arbiter {}/arbiter, runs {}", server.sweepsUrl(), server.baseUrl(),
                        server.pageUrl());
                request.progress().println("sweep board: " + server.sweepsUrl() + "  (Arbiter: " + server.baseUrl()
                        + "/arbiter)");
                request.progress().flush();
            }
            ArbiterReporter reporter = new ArbiterReporter(dir.getFileName().toString(), stats);
            SweepProgress progress = new SweepProgress(request.progress(), sweep.settings().budget().maxCandidates());
            LocalOptimizationRunner runner = new LocalOptimizationRunner(candidates.parallel(), config,
                    new SweepTaskCreator(trainer, candidates, ledger, done, reporter, progress));
            runner.addListeners(reporter);
            runner.execute();
        } finally {
            if (server != null) {
                server.detach(stats);
                server.close();
            } else {
                stats.close();
            }
        }
        return finish(sweep, dir, ledger, metric, (System.nanoTime() - started) / 1e9);
    }

    /**
     * The candidates the sweep file draws, in order, without training any (what {@code sweep --dry-run} lists):
     * the same file and seed always draw the same ones. Genetic search draws from results, so only its first
     * generation is known in advance.
     */
    public static List<Map<String, Object>> draw(SweepFile sweep) {
        CandidateGenerator generator = Candidates.generator(sweep);
        List<Map<String, Object>> out = new ArrayList<>();
        while (generator.hasMoreCandidates()) {
            org.deeplearning4j.arbiter.optimize.api.Candidate c = generator.getCandidate();
            if (c.getException() != null) {
                throw new UserInputException("candidate " + c.getIndex() + " cannot be drawn: "
                        + c.getException().getMessage());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> value = (Map<String, Object>) c.getValue();
            out.add(value);
            if (sweep.settings().search().type() == SweepSettings.Kind.GENETIC
                    && out.size() >= sweep.settings().search().population()) {
                break;
            }
        }
        return out;
    }

    private static SweepResult finish(SweepFile sweep, Path dir, Ledger ledger, String metric, double seconds) {
        List<CandidateRecord> records = ledger.records();
        Leaderboard board = Leaderboard.of(records);
        board.write(dir);
        CandidateRecord best = board.best();
        int failed = (int) records.stream().filter(r -> !r.completed()).count();
        SweepResult result = new SweepResult(dir.toString(), sweep.settings().name(), records.size() - failed, failed,
                metric, best == null ? null : new SweepResult.Best(best.index(), best.head(), best.overrides(),
                best.scoreMean(), best.scoreSd(), Leaderboard.bestRunDir(best)),
                dir.resolve(SweepDir.LEADERBOARD_CSV).toString(), Math.round(seconds * 10) / 10.0);
        Json.write(dir.resolve(SweepDir.RESULT_FILE), result);
        LOG.info("sweep {}: {} candidates, {} failed; best {}", dir, result.candidates(), failed,
                best == null ? "none" : best.head() + " " + best.scoreMean());
        return result;
    }

    /** The sweep folder {@code <output.runs_dir>/sweeps/<UTC timestamp>-<name>}, new. */
    private Path create(SweepFile sweep) {
        Path root = Path.of(sweep.baseConfig().output().runsDir()).resolve("sweeps");
        String base = STAMP.format(clock.instant()) + "-" + sweep.settings().name().replaceAll("[^A-Za-z0-9._-]", "_");
        Path dir = root.resolve(base);
        try {
            Files.createDirectories(root);
            for (int i = 2; ; i++) {
                try {
                    return Files.createDirectory(dir);
                } catch (FileAlreadyExistsException taken) {
                    dir = root.resolve(base + "-" + i);
                }
            }
        } catch (IOException e) {
            throw new UserInputException("cannot create a sweep folder under " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Frozen-feature sweeps fill the feature cache once, before any candidate starts, so that parallel candidates
     * never wait on each other's fill and the first candidate's time is its training alone. Returns the stores, or
     * null for other sweeps.
     */
    private static EncodeService.Result prepareFeatures(ExperimentConfig base) {
        if (base.training().mode() == TrainingConfig.Mode.FROZEN
                && FeatureSources.CACHE.equals(base.training().features())) {
            return EncodeService.run(base, new LoggingFillListener());
        }
        return null;
    }
}
