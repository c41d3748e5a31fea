package io.sentifuse.cli;

import io.sentifuse.app.Services;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import io.sentifuse.spark.SharedStorage;
import io.sentifuse.spark.SparkMaster;
import io.sentifuse.tune.SweepFile;
import io.sentifuse.tune.SweepRequest;
import io.sentifuse.tune.SweepResult;
import io.sentifuse.tune.SweepService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sentifuse sweep}: an Arbiter search over fusion strategies (or the continuation of a killed one). */
@Command(name = "sweep", description = {
        "Search fusion heads and their hyper-parameters with Arbiter: random, grid or genetic search over a sweep "
                + "file's space, each candidate scored by its validation metric averaged over several seeds.",
        "The sweep folder (runs/sweeps/<time>-<name>/) gets the resolved sweep file, one run folder per candidate and "
                + "seed, candidates.jsonl, leaderboard.csv / .md and Arbiter's status storage.",
        "With --resume SWEEP_DIR a killed sweep continues without training any finished candidate again.",
        "With --spark MASTER the candidates train as Spark tasks (one per candidate) on that cluster."})
final class SweepCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SWEEP", arity = "0..1", description = "Sweep YAML file (not needed with --resume).")
    Path sweepFile;

    @Mixin
    Overrides overrides;

    @Option(names = "--ui", description = "Serve the sweep live: the sweep board, the Arbiter page and each candidate's curves.")
    boolean ui;

    @Option(names = "--ui-host", paramLabel = "HOST", description = "Address the UI server binds (default ui.host, 127.0.0.1).")
    String uiHost;

    @Option(names = "--resume", paramLabel = "SWEEP_DIR", description = "Continue this sweep folder.")
    Path resume;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Train the candidates as Apache Spark tasks on this "
            + "master (local[N], spark://HOST:PORT, yarn, k8s://...); executors read and write the driver's paths "
            + "(one machine, NFS) unless --storage is given.")
    String spark;

    @Option(names = "--storage", paramLabel = "URI", description = "With --spark: a Hadoop FileSystem folder "
            + "(hdfs://..., s3a://..., file://...) through which executors get the data, the feature stores and "
            + "the sweep file and send run folders back, when they share no path with this machine.")
    String storage;

    @Option(names = "--json", description = "Print the result as one JSON object (one line).")
    boolean json;

    @Option(names = "--dry-run", description = "List the candidates the sweep file draws, train nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (sweepFile == null && resume == null) {
            throw new UserInputException("sweep needs a SWEEP file or --resume SWEEP_DIR");
        }
        if (sweepFile != null && resume != null) {
            throw new UserInputException("give either SWEEP or --resume SWEEP_DIR, not both: a resumed sweep uses the "
                    + "sweep file stored in its folder");
        }
        if (dryRun) {
            if (resume != null) {
                throw new UserInputException("--dry-run lists a sweep file's candidates; give SWEEP, not --resume");
            }
            List<Map<String, Object>> drawn = SweepService.draw(SweepFile.read(sweepFile, overrides.values));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.line(Map.of("candidates", drawn)));
            } else {
                for (int i = 0; i < drawn.size(); i++) {
                    out.printf(Locale.ROOT, "c%03d  %s%n", i, drawn.get(i));
                }
            }
            out.flush();
            return 0;
        }
        SparkMaster master = spark == null ? null : SparkMaster.of(spark);
        if (storage != null && master == null) {
            throw new UserInputException("--storage " + storage + " is for executors of a Spark sweep; give --spark "
                    + "MASTER too");
        }
        PrintWriter err = spec.commandLine().getErr();
        SweepResult r = Services.sweeps(master, SharedStorage.of(storage)).run(new SweepRequest(sweepFile, overrides.values, resume, ui, uiHost, err));
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? Json.line(r) : text(r));
        out.flush();
        return 0;
    }

    static String text(SweepResult r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "sweep         %s%n", r.sweepDir()));
        s.append(String.format(Locale.ROOT, "candidates    %d trained, %d failed (%.0f s)%n", r.candidates(), r.failed(),
                r.seconds()));
        if (r.best() != null) {
            s.append(String.format(Locale.ROOT, "best          candidate %d, %s: validation %s %.4f ± %.4f%n",
                    r.best().candidate(), r.best().head(), r.metric(), r.best().score(), r.best().scoreSd()));
            s.append(String.format(Locale.ROOT, "settings      %s%n", r.best().overrides()));
            s.append(String.format(Locale.ROOT, "best run      %s%n", r.best().runDir()));
        }
        s.append(String.format(Locale.ROOT, "leaderboard   %s", r.leaderboard()));
        return s.toString();
    }
}
