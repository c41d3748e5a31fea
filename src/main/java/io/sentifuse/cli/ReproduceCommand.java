package io.sentifuse.cli;

import io.sentifuse.app.Services;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import io.sentifuse.reproduce.AblationPlan;
import io.sentifuse.reproduce.AblationRow;
import io.sentifuse.reproduce.AblationService;
import io.sentifuse.reproduce.ReproduceRequest;
import io.sentifuse.reproduce.ReproduceResult;
import io.sentifuse.reproduce.ReproduceService;
import io.sentifuse.reproduce.TableRow;
import io.sentifuse.spark.SharedStorage;
import io.sentifuse.spark.SparkMaster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sentifuse reproduce paper}: the paper's table, multi-seed, under both protocols; {@code reproduce
 * ablations}: the levers of {@code experiments/ablations.yaml} on the same runs.
 */
@Command(name = "reproduce", description = {
        "Reproduce a published table: 'paper' trains every model of the paper's MVSA-Single table (frozen encoders) "
                + "for several seeds under the paper protocol (80/20, best validation epoch) and the standard one "
                + "(8:1:1, figures on test), then writes table.csv, table.md (published numbers beside ours) and "
                + "table.png. 'ablations' runs every lever of the ablation plan (encoders, settings) on its heads the "
                + "same way and writes ablations.csv and ablations.md.",
        "Runs already done with the same configuration are reused: a killed reproduction continues, a second call "
                + "trains nothing."})
final class ReproduceCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TABLE", description = "The table to reproduce: paper | ablations.")
    String table;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds per model and protocol (default 5).")
    int seeds = 5;

    @Option(names = "--protocol", paramLabel = "P", description = "paper | standard | both (default both).")
    String protocol = "both";

    @Option(names = "--heads", paramLabel = "H1,H2", split = ",",
            description = "Models of the table (default the paper's: text-only, image-only, naive-cat, naive-combine, "
                    + "cmac, hstec, ote; 'all' adds late-average, gmu, tfn).")
    List<String> heads;

    @Mixin
    Overrides overrides;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the table goes (default results/paper for "
            + "paper, results for ablations).")
    Path out;

    @Option(names = "--plan", paramLabel = "FILE", description = "ablations: the plan of levers (default "
            + "experiments/ablations.yaml).")
    Path plan = AblationPlan.FILE;

    @Option(names = "--resume", paramLabel = "DIR", description = "The runs folder to reuse and continue "
            + "(default <output.runs_dir>/reproduce/paper, which a plain second call also reuses).")
    Path resume;

    @Option(names = "--ensemble", split = ",", paramLabel = "H1,H2", description = "paper: the models whose runs "
            + "the ensemble row averages per seed (default every multimodal model of the table; 'none' for no row).")
    List<String> ensemble;

    @Option(names = "--finished-only", description = "paper: write the table from the runs that have finished (in "
            + "the runs folder), training and resuming nothing; a row averages the seeds it has.")
    boolean finishedOnly;

    @Option(names = "--finetune", description = "Add two rows per seed pair: ote on frozen MiniLM features "
            + "(ote-minilm-frozen) and ote fine-tuned end to end from it (ote-finetuned: MiniLM trainable, CNN frozen; "
            + "about 12 minutes per seed on 2 cores).")
    boolean finetune;

    @Option(names = "--finetune-seeds", paramLabel = "N", description = "Seeds of the two fine-tuning rows (default 3).")
    int finetuneSeeds = 3;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Train the runs as Apache Spark tasks on this "
            + "master (local[N], spark://HOST:PORT, ...); executors must see the runs folder, data and feature cache "
            + "at the paths the driver uses, unless --storage is given.")
    String spark;

    @Option(names = "--storage", paramLabel = "URI", description = "With --spark: a Hadoop FileSystem folder "
            + "(hdfs://..., s3a://..., file://...) through which executors that share no path with the driver get "
            + "the data and the feature stores and send run folders back (runs on cached frozen features only).")
    String storage;

    @Option(names = "--json", description = "Print the result as one JSON object (one line).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!"paper".equals(table) && !"ablations".equals(table)) {
            throw new UserInputException("reproduce: unknown table '" + table + "'; known: paper, ablations");
        }
        List<String> protocols = switch (protocol.toLowerCase(Locale.ROOT)) {
            case "both" -> List.of("paper", "standard");
            case "paper", "standard" -> List.of(protocol.toLowerCase(Locale.ROOT));
            default -> throw new UserInputException("--protocol: expected paper, standard or both, got '" + protocol + "'");
        };
        List<String> command = new ArrayList<>(List.of("sentifuse")); // originalArgs() holds the whole command line, subcommand included
        command.addAll(spec.commandLine().getParseResult().originalArgs());
        if (storage != null && spark == null) {
            throw new UserInputException("--storage " + storage + " is for executors of a Spark reproduction; give "
                    + "--spark MASTER too");
        }
        if (storage != null && finetune) {
            throw new UserInputException("--storage: the fine-tuned rows (--finetune) read the images and the encoder, "
                    + "not cached features; through shared storage only runs on cached frozen features train (give "
                    + "the executors a shared path instead)");
        }
        ReproduceService service = Services.reproductions(spark == null ? null : SparkMaster.of(spark),
                SharedStorage.of(storage));
        if ("ablations".equals(table)) {
            return ablations(service, protocols, command);
        }
        List<String> models = heads == null ? ReproduceService.PAPER_HEADS
                : heads.size() == 1 && heads.get(0).equals("all") ? all() : heads;
        List<String> members = ensemble == null ? ReproduceService.defaultEnsemble(models)
                : ensemble.size() == 1 && ensemble.get(0).equals("none") ? List.of() : ensemble;
        ReproduceResult r = service.run(new ReproduceRequest(seeds, protocols, models, members, overrides.values,
                out == null ? Path.of("results", "paper") : out, resume, finetune, finetuneSeeds, finishedOnly, command,
                spec.commandLine().getErr()));
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(Json.line(r));
        } else {
            for (TableRow row : r.rows()) {
                o.printf(Locale.ROOT, "%-9s %-14s acc %5.1f ± %.1f   wF1 %5.1f ± %.1f   (%d seeds)%n", row.protocol(),
                        row.model(), row.accMean(), row.accSd(), row.wf1Mean(), row.wf1Sd(), row.seeds());
            }
            r.thesis().forEach((p, t) -> o.printf(Locale.ROOT, "%s protocol: %s%n", p, t.statement()));
            o.printf(Locale.ROOT, "%d runs (%d trained now) in %.0f s; %s, %s, %s%n", r.runs(), r.trained(), r.seconds(),
                    r.table(), r.markdown(), r.plot());
        }
        o.flush();
        return 0;
    }

    private Integer ablations(ReproduceService service, List<String> protocols, List<String> command) {
        if (heads != null || finetune || ensemble != null || finishedOnly) {
            throw new UserInputException("reproduce ablations: --heads, --ensemble, --finished-only and --finetune apply to 'paper'; the plan ("
                    + plan + ") names each lever's heads");
        }
        AblationService.Result r = new AblationService(service).run(new AblationService.Request(plan, seeds,
                protocols, overrides.values, out == null ? Path.of("results") : out, resume, command,
                spec.commandLine().getErr()));
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(Json.line(r));
        } else {
            for (AblationRow row : r.rows()) {
                o.printf(Locale.ROOT, "%-14s %-22s %-14s paper %s   standard %s%n", row.group(), row.lever(),
                        row.model(), row.paper() == null ? "-" : String.format(Locale.ROOT, "%5.1f ± %.1f",
                                row.paper().accMean(), row.paper().accSd()), row.standard() == null ? "-"
                                : String.format(Locale.ROOT, "%5.1f ± %.1f", row.standard().accMean(),
                                row.standard().accSd()));
            }
            o.printf(Locale.ROOT, "%d runs (%d trained now) in %.0f s; %s, %s%n", r.runs(), r.trained(), r.seconds(),
                    r.table(), r.markdown());
        }
        o.flush();
        return 0;
    }

    private static List<String> all() {
        List<String> out = new ArrayList<>(ReproduceService.PAPER_HEADS);
        out.addAll(List.of("late-average", "gmu", "tfn"));
        return out;
    }
}
