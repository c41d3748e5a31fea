package io.sentifuse.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.ensemble.RunEnsemble;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.FeatureSources;
import io.sentifuse.features.store.EncodeService;
import io.sentifuse.features.store.LoggingFillListener;
import io.sentifuse.files.Json;
import io.sentifuse.fusion.FusionHeads;
import io.sentifuse.train.TrainingService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sentifuse reproduce paper}: the paper's table on our encoders, every model under each protocol over
 * several seeds ({@link PaperRuns}: reused, resumed or trained), summarised as mean ± sd rows
 * ({@code table.csv}), a report with the published numbers beside ours ({@code table.md}) and a plot
 * ({@code table.png}), written to the output folder and copied into the runs folder.
 */
public final class ReproduceService {

    public static final String CSV = "table.csv";
    public static final String MARKDOWN = "table.md";
    public static final String PLOT = "table.png";
    /** The paper's table: its five fusion models and the two single-modality baselines. */
    public static final List<String> PAPER_HEADS = List.of("text-only", "image-only", "naive-cat", "naive-combine",
            "cmac", "hstec", "ote");
    /** The model name of the fine-tuned row ({@code experiments/paper/finetune-ote-warm.yaml}). */
    public static final String FINETUNED = "ote-finetuned";
    /**
     * The model name of the fine-tuned row's starting point, a row of its own: ote on frozen, unstandardised MiniLM
     * features ({@code experiments/paper/ote-minilm-frozen.yaml}), whose head each fine-tuned run of its seed starts
     * from, so the table shows what fine-tuning adds to it.
     */
    public static final String WARM_START = "ote-minilm-frozen";
    static final Path PAPER_EXPERIMENTS = Path.of("experiments", "paper");

    private static final Logger LOG = LoggerFactory.getLogger(ReproduceService.class);

    private final TrainingService training;
    private final RunPool pool;
    private final RunPool.Training remote;
    private final RunExchange.Factory exchanges;

    /** Runs train one after another in this JVM. */
    public ReproduceService(TrainingService training) {
        this(training, RunPool.inline(), null, null);
    }

    /**
     * Runs train in {@code pool} (Spark tasks), each with the training service {@code remote} builds where it runs;
     * the feature caches are filled here first. With {@code exchanges} (null: tasks read and write this JVM's paths)
     * tasks train on local copies of the inputs and their run folders come back through it.
     */
    public ReproduceService(TrainingService training, RunPool pool, RunPool.Training remote,
                            RunExchange.Factory exchanges) {
        this.training = training;
        this.pool = pool;
        this.remote = remote;
        this.exchanges = exchanges;
    }

    public ReproduceResult run(ReproduceRequest r) {
        long started = System.nanoTime();
        check(r);
        References refs = References.read(References.FILE);
        Path runsDir = runsDir(r.runsDir(), r.sets());
        List<PaperRuns.Spec> plan = plan(r);
        List<PaperRuns.Outcome> obtained = new ArrayList<>(obtain(r, plan, runsDir));
        int planned = plan.size();
        if (r.finetune()) {
            // second stage: a fine-tuned run starts from the head of its seed's frozen run, obtained above
            List<PaperRuns.Spec> tuned = finetuned(obtained, runsDir);
            planned += r.finetuneSeeds();
            obtained.addAll(obtain(r, tuned, runsDir));
        }
        if (obtained.isEmpty()) {
            throw new UserInputException("--finished-only: none of the " + planned + " runs has finished in "
                    + runsDir);
        }
        int trained = (int) obtained.stream().filter(PaperRuns.Outcome::trained).count();
        List<TableRow> rows = new ArrayList<>(rows(obtained));
        rows.addAll(ensembleRows(obtained, r.ensemble()));
        Map<String, ReproduceResult.Thesis> thesis = thesis(rows);
        Map<String, Object> facts = facts(r, plan.get(0), planned, (System.nanoTime() - started) / 1e9);
        if (r.finishedOnly()) {
            facts.put("finished runs only", obtained.size() + " of the " + planned + " planned runs had finished "
                    + "(--finished-only); a row averages the seeds it has (its seeds column)");
        }
        facts.put("dataset SHA-256", datasetChecksum(Path.of(obtained.get(0).report().get("run_dir").asText())));
        String csv = TableWriter.csv(rows);
        String md = TableWriter.markdown(rows, refs, thesis, facts);
        TableWriter.write(r.out(), csv, md);
        TablePlot.write(r.out().resolve(PLOT), rows, refs);
        if (!r.finishedOnly()) {
            // a partial table stays where --out put it; the runs folder keeps the last complete one
            copy(r.out(), runsDir);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info("reproduction: {} runs ({} trained now) in {} s", obtained.size(), trained, Math.round(seconds));
        return new ReproduceResult(r.out().resolve(CSV).toString(), r.out().resolve(MARKDOWN).toString(),
                r.out().resolve(PLOT).toString(), runsDir.toString(), obtained.size(), trained, rows, thesis,
                Math.round(seconds * 10) / 10.0);
    }

    /** The runs of {@code specs}: the finished ones with {@code --finished-only}, else reused or trained. */
    private List<PaperRuns.Outcome> obtain(ReproduceRequest r, List<PaperRuns.Spec> specs, Path runsDir) {
        if (specs.isEmpty()) {
            return List.of();
        }
        return r.finishedOnly() ? finished(specs, runsDir, r.sets(), r.progress())
                : obtain(specs, runsDir, r.sets(), r.progress());
    }

    /**
     * The fine-tuned runs, one per seed whose {@link #WARM_START} run is among {@code outcomes}, each warm-started
     * from that run (named as {@link PaperRuns#warmStart} names warm starts, so a moved runs folder still matches).
     */
    static List<PaperRuns.Spec> finetuned(List<PaperRuns.Outcome> outcomes, Path runsDir) {
        List<PaperRuns.Spec> out = new ArrayList<>();
        for (PaperRuns.Outcome o : outcomes) {
            if (o.spec().model().equals(WARM_START)) {
                String from = PaperRuns.warmStart(runsDir, Path.of(o.report().get("run_dir").asText()));
                out.add(new PaperRuns.Spec("paper", FINETUNED, PAPER_EXPERIMENTS.resolve("finetune-ote-warm.yaml"),
                        o.spec().seed(), List.of("training.warm_start=" + from)));
            }
        }
        return out;
    }

    /** The ensemble rows of {@code members} over {@code outcomes} ({@link EnsembleRows}). */
    List<TableRow> ensembleRows(List<PaperRuns.Outcome> outcomes, List<String> members) {
        return EnsembleRows.rows(outcomes, members, new RunEnsemble(training.modes()));
    }

    /** {@code explicit}, or the reproductions' runs folder under {@code output.runs_dir}. */
    static Path runsDir(Path explicit, List<String> sets) {
        return explicit != null ? explicit
                : Path.of(ConfigLoader.defaults(sets).output().runsDir()).resolve("reproduce").resolve("paper");
    }

    /**
     * Every run of {@code plan} with the overrides {@code sets}: reused, resumed or trained in this service's pool,
     * one progress line per run as it finishes; in plan order.
     */
    List<PaperRuns.Outcome> obtain(List<PaperRuns.Spec> plan, Path runsDir, List<String> sets, PrintWriter progress) {
        PaperRuns.Outcome[] obtained = new PaperRuns.Outcome[plan.size()];
        int[] finished = {0};
        PaperRuns here = new PaperRuns(training, runsDir, sets);
        if (remote != null) {
            // runs finished earlier are read here: a complete table starts no task and touches no storage
            for (int i = 0; i < plan.size(); i++) {
                obtained[i] = here.finished(plan.get(i)).orElse(null);
                if (obtained[i] != null) {
                    progress(progress, ++finished[0], plan.size(), obtained[i]);
                }
            }
        }
        List<PaperRuns.Spec> remaining = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            if (obtained[i] == null) {
                remaining.add(plan.get(i));
            }
        }
        RunExchange exchange = remote == null || remaining.isEmpty() ? null : prepare(remaining, here, runsDir);
        List<PaperRunTask.Input> inputs = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            if (obtained[i] == null) {
                // a task away from the driver's paths reads the experiment as resolved here
                inputs.add(PaperRunTask.Input.of(i, plan.get(i), exchange != null));
            }
        }
        try {
            pool.each(inputs, new PaperRunTask(runsDir, sets, remote == null ? training : null, remote, exchange),
                    (in, out) -> {
                        PaperRuns.Outcome o = out.outcome(plan.get(in.index()));
                        if (exchange != null) {
                            ObjectNode report = (ObjectNode) o.report();
                            String name = Path.of(report.get(PaperRuns.RUN_DIR_FIELD).asText()).getFileName()
                                    .toString();
                            report.put(PaperRuns.RUN_DIR_FIELD, exchange.fetch(name, runsDir).toString());
                        }
                        obtained[in.index()] = o;
                        progress(progress, ++finished[0], plan.size(), o);
                    });
        } catch (RuntimeException e) {
            if (exchange != null) {
                fetchFinished(plan, obtained, exchange, runsDir);
            }
            throw e;
        }
        return List.of(obtained);
    }

    /**
     * After a failed job: the runs whose tasks finished are in the storage but the job returned nothing; fetched
     * here, a later call (with or without Spark, or {@code --finished-only}) reuses them.
     */
    private static void fetchFinished(List<PaperRuns.Spec> plan, PaperRuns.Outcome[] obtained, RunExchange exchange,
                                      Path runsDir) {
        int fetched = 0;
        for (int i = 0; i < plan.size(); i++) {
            if (obtained[i] == null) {
                try {
                    fetched += exchange.fetchFinished(plan.get(i).name(), runsDir);
                } catch (RuntimeException e) {
                    LOG.warn("{}: its finished run folder could not be fetched ({})", plan.get(i).name(),
                            e.getMessage());
                }
            }
        }
        LOG.warn("the job failed; {} finished run folders of the runs it did not return were fetched into {}", fetched,
                runsDir);
    }

    private static void progress(PrintWriter progress, int done, int planned, PaperRuns.Outcome o) {
        PaperRuns.Spec spec = o.spec();
        progress.printf(Locale.ROOT, "reproduce: %d/%d runs (%s %s seed %d: accuracy %.1f%%%s)%n", done, planned,
                spec.protocol(), spec.model(), spec.seed(), 100 * figures(o).get("accuracy").asDouble(),
                o.trained() ? "" : ", reused");
        progress.flush();
    }

    /** The runs of {@code plan} that have finished, in plan order; the others are listed in the progress. */
    static List<PaperRuns.Outcome> finished(List<PaperRuns.Spec> plan, Path runsDir, List<String> sets,
                                            PrintWriter progress) {
        PaperRuns runs = new PaperRuns(null, runsDir, sets);
        List<PaperRuns.Outcome> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (PaperRuns.Spec spec : plan) {
            runs.finished(spec).ifPresentOrElse(out::add, () -> missing.add(spec.name()));
        }
        progress.printf(Locale.ROOT, "reproduce: %d of %d runs have finished; not yet: %s%n", out.size(), plan.size(),
                missing.isEmpty() ? "none" : String.join(", ", missing));
        progress.flush();
        return out;
    }

    /** One row per protocol and model, in the order the outcomes first name them. */
    static List<TableRow> rows(List<PaperRuns.Outcome> outcomes) {
        Map<String, List<PaperRuns.Outcome>> byRow = new LinkedHashMap<>();
        for (PaperRuns.Outcome o : outcomes) {
            byRow.computeIfAbsent(o.spec().protocol() + "/" + o.spec().model(), k -> new ArrayList<>()).add(o);
        }
        List<TableRow> rows = new ArrayList<>();
        byRow.forEach((key, group) -> rows.add(row(group)));
        return rows;
    }

    /**
     * Fills every feature cache the runs of {@code plan} (those left to train) read, once, before any task starts
     * (tasks never encode); opens the exchange that publishes them when runs train away from this JVM's paths (null
     * otherwise).
     */
    private RunExchange prepare(List<PaperRuns.Spec> plan, PaperRuns runs, Path runsDir) {
        Set<String> done = new HashSet<>();
        List<ExperimentConfig> configs = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<EncodeService.Result> features = new ArrayList<>();
        for (PaperRuns.Spec spec : plan) {
            ExperimentConfig c = runs.config(spec);
            configs.add(c);
            sources.add(spec.experiment().toString());
            if (c.training().mode() == TrainingConfig.Mode.FROZEN && FeatureSources.CACHE.equals(c.training().features())
                    && done.add(c.data() + "|" + c.text() + "|" + c.image() + "|" + c.output().cacheDir())) {
                features.add(EncodeService.run(c, new LoggingFillListener()));
            }
        }
        return exchanges == null ? null : exchanges.open(runsDir, configs, sources, features);
    }

    private static void check(ReproduceRequest r) {
        if (r.finetuneSeeds() < 1) {
            throw new UserInputException("--finetune-seeds must be at least 1");
        }
        check(r.seeds(), r.protocols(), r.heads(), "--heads");
        for (String m : r.ensemble()) {
            if (!r.heads().contains(m)) {
                throw new UserInputException("--ensemble: '" + m + "' is not a model of this table (--heads "
                        + String.join(",", r.heads()) + ")");
            }
        }
        if (new java.util.HashSet<>(r.ensemble()).size() != r.ensemble().size()) {
            throw new UserInputException("--ensemble names a model twice: " + String.join(",", r.ensemble()));
        }
        if (r.ensemble().size() == 1) {
            throw new UserInputException("--ensemble needs at least two models, got " + r.ensemble().get(0));
        }
    }

    /** The default members of the ensemble row: every multimodal model of {@code heads}, when there are two. */
    public static List<String> defaultEnsemble(List<String> heads) {
        List<String> multimodal = heads.stream().filter(h -> !h.equals("text-only") && !h.equals("image-only"))
                .toList();
        return multimodal.size() >= 2 ? multimodal : List.of();
    }

    /** Seeds, protocols and heads of a plan; {@code headsKey} names where the heads came from in errors. */
    static void check(int seeds, List<String> protocols, List<String> heads, String headsKey) {
        if (seeds < 1) {
            throw new UserInputException("--seeds must be at least 1");
        }
        for (String p : protocols) {
            if (!p.equals("paper") && !p.equals("standard")) {
                throw new UserInputException("--protocol: unknown protocol '" + p + "', expected paper, standard or both");
            }
        }
        for (String h : heads) {
            FusionHeads.get(h);
            if (!Files.isRegularFile(PAPER_EXPERIMENTS.resolve(h + ".yaml"))) {
                throw new UserInputException(headsKey + ": no experiment " + PAPER_EXPERIMENTS.resolve(h + ".yaml"));
            }
        }
    }

    private static List<PaperRuns.Spec> plan(ReproduceRequest r) {
        List<PaperRuns.Spec> out = plan(r.protocols(), r.heads(), r.seeds());
        if (r.finetune()) {
            for (long seed = 0; seed < r.finetuneSeeds(); seed++) {
                out.add(new PaperRuns.Spec("paper", WARM_START, PAPER_EXPERIMENTS.resolve(WARM_START + ".yaml"), seed));
            }
        }
        return out;
    }

    /** Every protocol x head x seed (0 .. seeds - 1) run of {@code experiments/paper/<head>.yaml}. */
    static List<PaperRuns.Spec> plan(List<String> protocols, List<String> heads, int seeds) {
        List<PaperRuns.Spec> out = new ArrayList<>();
        for (String protocol : protocols) {
            for (String head : heads) {
                for (long seed = 0; seed < seeds; seed++) {
                    out.add(new PaperRuns.Spec(protocol, head, PAPER_EXPERIMENTS.resolve(head + ".yaml"), seed));
                }
            }
        }
        return out;
    }

    /** The figures a protocol reports: validation (paper) or test (standard). */
    private static JsonNode figures(PaperRuns.Outcome o) {
        JsonNode test = o.report().get("test");
        return o.spec().protocol().equals("standard") && test != null && !test.isNull() ? test : o.report().get("val");
    }

    static TableRow row(List<PaperRuns.Outcome> outcomes) {
        TableRow.Seeds seeds = new TableRow.Seeds();
        for (PaperRuns.Outcome o : outcomes) {
            JsonNode f = figures(o);
            seeds.add(f.get("accuracy").asDouble(), f.get("weighted_f1").asDouble(), f.get("macro_f1").asDouble(),
                    o.report().get("best_epoch").asInt() + 1, o.report().get("seconds").asDouble());
            seeds.run(o.report().get("run_dir").asText());
        }
        PaperRuns.Spec spec = outcomes.get(0).spec();
        return seeds.row(spec.protocol(), spec.model());
    }

    /** Per protocol: does the best multimodal row beat both single-modality rows by more than the sd? */
    static Map<String, ReproduceResult.Thesis> thesis(List<TableRow> rows) {
        Map<String, ReproduceResult.Thesis> out = new LinkedHashMap<>();
        for (String protocol : List.of("paper", "standard")) {
            List<TableRow> part = rows.stream().filter(r -> r.protocol().equals(protocol)).toList();
            TableRow text = part.stream().filter(r -> r.model().equals("text-only")).findFirst().orElse(null);
            TableRow image = part.stream().filter(r -> r.model().equals("image-only")).findFirst().orElse(null);
            // single models, as the paper compares them: an ensemble row is reported beside them, not judged here
            TableRow best = part.stream().filter(TableRow::multimodal)
                    .filter(r -> !r.model().equals(EnsembleRows.MODEL))
                    .max(java.util.Comparator.comparingDouble(TableRow::accMean)).orElse(null);
            if (text == null || image == null || best == null) {
                continue;
            }
            double overText = best.accMean() - text.accMean();
            double overImage = best.accMean() - image.accMean();
            boolean beatsText = overText > Math.max(best.accSd(), text.accSd());
            boolean beatsImage = overImage > Math.max(best.accSd(), image.accSd());
            String statement = String.format(Locale.ROOT, "the best multimodal model, %s (%.1f ± %.1f), is %+.1f "
                            + "points from text-only (%.1f ± %.1f) and %+.1f from image-only (%.1f ± %.1f): %s",
                    best.model(), best.accMean(), best.accSd(), overText, text.accMean(), text.accSd(), overImage,
                    image.accMean(), image.accSd(), beatsText && beatsImage
                            ? "it beats both by more than one standard deviation; the thesis holds"
                            : !beatsText ? "it does not beat text-only by more than one standard deviation; the "
                            + "thesis does not hold here" : "it does not beat image-only by more than one standard "
                            + "deviation; the thesis does not hold here");
            out.put(protocol, new ReproduceResult.Thesis(best.model(), overText, overImage, beatsText && beatsImage,
                    statement));
        }
        return out;
    }

    private static Map<String, Object> facts(ReproduceRequest r, PaperRuns.Spec first, int planned, double seconds) {
        Map<String, Object> facts = new LinkedHashMap<>();
        ExperimentConfig any = ConfigLoader.load(first.experiment(), r.sets());
        facts.put("encoders", "text " + any.text().model() + " (pooling " + any.text().pooling() + "), image "
                + any.image().model() + ", frozen unless the row says fine-tuned");
        if (r.finetune()) {
            ExperimentConfig tuned = ConfigLoader.load(PAPER_EXPERIMENTS.resolve("finetune-ote-warm.yaml"), r.sets());
            facts.put("fine-tuned row", String.format(Locale.ROOT, "%s: ote on frozen %s features, unstandardised "
                            + "(%s); %s: its head warm-started from the %s run of the same seed, then %s trained "
                            + "with it (experiments/paper/finetune-ote-warm.yaml: %d epoch(s), head lr %s, encoder lr "
                            + "%s, %d warm-up steps, %s decay), the CNN frozen; paper protocol", WARM_START,
                    tuned.text().model(), PAPER_EXPERIMENTS.resolve(WARM_START + ".yaml"), FINETUNED, WARM_START,
                    tuned.text().model(), tuned.training().epochs(), tuned.training().lr(),
                    tuned.training().encoderLr(), tuned.training().warmupSteps(),
                    tuned.training().lrDecay().name().toLowerCase(Locale.ROOT)));
        }
        facts.put("data", dataDescription(r.sets()));
        if (!r.ensemble().isEmpty()) {
            facts.put("ensemble", "per seed, the equal-weight average of the class probabilities of the " + String.join(
                    ", ", r.ensemble()) + " runs on that seed's split (members fixed before any figure is seen); its "
                    + "epochs and seconds are the members' sums");
        }
        facts.put("command", String.join(" ", r.command()));
        facts.put("runs", planned + " in " + (r.runsDir() == null ? "the reproduction's runs folder" : r.runsDir()));
        facts.put("total time", String.format(Locale.ROOT, "%.1f min for this call (reused runs cost nothing)",
                seconds / 60));
        return facts;
    }

    /** The dataset the runs read under {@code sets}, for the reports. */
    static String dataDescription(List<String> sets) {
        ExperimentConfig any = ConfigLoader.load(PAPER_EXPERIMENTS.resolve("text-only.yaml"), sets);
        return any.data().path() + " (" + any.data().format() + "); each run's provenance.json holds the dataset "
                + "checksum";
    }

    private static void copy(Path out, Path runsDir) {
        try {
            Files.createDirectories(runsDir);
            for (String f : List.of(CSV, MARKDOWN, PLOT)) {
                Files.copy(out.resolve(f), runsDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UserInputException("cannot copy the table into " + runsDir + ": " + e.getMessage(), e);
        }
    }

    /** The dataset checksum the runs used (from the first run's provenance), for the report. */
    static String datasetChecksum(Path runDir) {
        JsonNode p = Json.read(runDir.resolve("provenance.json"), JsonNode.class);
        return p.at("/dataset/sha256").asText();
    }
}
