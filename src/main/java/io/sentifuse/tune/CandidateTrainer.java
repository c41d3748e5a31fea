package io.sentifuse.tune;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.config.ConfigFiles;
import io.sentifuse.config.ConfigSchema;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import io.sentifuse.run.RunDir;
import io.sentifuse.sweep.CandidateRecord;
import io.sentifuse.sweep.Stats;
import io.sentifuse.sweep.SweepDir;
import io.sentifuse.train.TrainRequest;
import io.sentifuse.train.TrainingListener;
import io.sentifuse.train.TrainingReport;
import io.sentifuse.train.TrainingService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one candidate of a sweep: one ordinary run per seed (the base experiment, the fixed overrides, the
 * candidate's settings, {@code seed=s}), each in its own run folder under the sweep folder, named after the
 * candidate and the seed so that a resumed sweep finds it: a seed whose run finished is read back, one that was
 * interrupted resumes from its last checkpoint, one never started trains. The candidate's score is the configured
 * validation metric's mean over its seeds.
 */
public final class CandidateTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(CandidateTrainer.class);

    private final TrainingService service;
    private final SweepFile sweep;
    private final Path sweepDir;
    private final boolean ui;

    public CandidateTrainer(TrainingService service, SweepFile sweep, Path sweepDir, boolean ui) {
        this.service = service;
        this.sweep = sweep;
        this.sweepDir = sweepDir;
        this.ui = ui;
    }

    /** The base experiment's head (a candidate that does not search the head uses it). */
    public String baseHead() {
        return sweep.baseConfig().fusion().head();
    }

    /** The metric that scores candidates, as the ledger names it. */
    public String metric() {
        return ConfigSchema.yamlEnum(sweep.settings().score().metric());
    }

    /** The seeds every candidate trains with. */
    public List<Long> seeds() {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < sweep.settings().score().seedsPerCandidate(); i++) {
            out.add(sweep.settings().seed() + i);
        }
        return out;
    }

    /**
     * Trains (or finishes, or reads back) every seed of candidate {@code index} with {@code settings} over the base.
     *
     * @param listener sees every training event of its runs (live UI, progress), or null
     */
    public CandidateRecord train(int index, Map<String, Object> settings, TrainingListener listener) {
        long started = System.nanoTime();
        String metric = metric();
        String head = String.valueOf(settings.getOrDefault(SweepParameter.HEAD_KEY, baseHead()));
        List<Long> seeds = seeds();
        List<Double> scores = new ArrayList<>();
        Map<String, List<Double>> val = figures();
        Map<String, List<Double>> test = figures();
        boolean hasTest = true;
        List<Integer> epochs = new ArrayList<>();
        List<String> runDirs = new ArrayList<>();
        for (long seed : seeds) {
            JsonNode result = trainSeed(index, settings, seed, listener);
            runDirs.add(result.get("run_dir").asText());
            epochs.add(result.get("best_epoch").asInt() + 1);
            for (String figure : val.keySet()) {
                val.get(figure).add(result.at("/val/" + figure).asDouble());
            }
            scores.add(result.at("/val/" + metric.replace('-', '_')).asDouble());
            JsonNode t = result.get("test");
            if (t == null || t.isNull()) {
                hasTest = false;
            } else {
                for (String figure : test.keySet()) {
                    test.get(figure).add(t.get(figure).asDouble());
                }
            }
        }
        double[] ms = Stats.meanSd(scores);
        return new CandidateRecord(index, head, settings, CandidateRecord.COMPLETED, metric, seeds, scores, ms[0], ms[1],
                val, hasTest ? test : null, epochs, (System.nanoTime() - started) / 1e9, runDirs, null, null);
    }

    private static Map<String, List<Double>> figures() {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        m.put("accuracy", new ArrayList<>());
        m.put("weighted_f1", new ArrayList<>());
        m.put("macro_f1", new ArrayList<>());
        return m;
    }

    /** The report of one seed's run: read back, resumed, or trained now. */
    private JsonNode trainSeed(int index, Map<String, Object> settings, long seed, TrainingListener listener) {
        String name = SweepDir.runName(sweep.settings().name(), index, seed);
        Path existing = SweepDir.findRun(sweepDir, name);
        if (existing != null && !Files.isRegularFile(existing.resolve(RunDir.CONFIG_FILE))) {
            // killed between creating the folder and writing its configuration: nothing in it to resume
            LOG.info("candidate {} seed {}: {} never started; training afresh", index, seed, existing);
            delete(existing);
            existing = null;
        }
        List<TrainingListener> listeners = listener == null ? List.of() : List.of(listener);
        if (existing != null && Files.isRegularFile(existing.resolve(TrainingReport.JSON_FILE))) {
            LOG.info("candidate {} seed {}: finished earlier in {}", index, seed, existing);
            return Json.read(existing.resolve(TrainingReport.JSON_FILE), JsonNode.class);
        }
        if (existing != null) {
            LOG.info("candidate {} seed {}: resuming {}", index, seed, existing);
            return Json.mapper().valueToTree(service.train(new TrainRequest(null, List.of(), existing, ui, null,
                    command(index, seed), listeners)));
        }
        List<String> overrides = new ArrayList<>(sweep.fixed());
        settings.forEach((k, v) -> overrides.add(k + "=" + ConfigFiles.render(v)));
        overrides.add("seed=" + seed);
        overrides.add("name=" + name);
        overrides.add("output.runs_dir=" + sweepDir.resolve(SweepDir.RUNS));
        try {
            return Json.mapper().valueToTree(service.train(new TrainRequest(sweep.base(), overrides, null, ui, null,
                    command(index, seed), listeners)));
        } catch (UserInputException e) {
            throw new UserInputException("candidate " + index + " (" + settings + ") seed " + seed + ": "
                    + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UserInputException("cannot remove the unstarted run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private List<String> command(int index, long seed) {
        return List.of("sentifuse", "sweep", sweep.file().toString(),
                String.format(Locale.ROOT, "(candidate %d, seed %d)", index, seed));
    }
}
