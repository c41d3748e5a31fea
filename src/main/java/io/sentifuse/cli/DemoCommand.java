package io.sentifuse.cli;

import io.sentifuse.app.DemoService;
import io.sentifuse.bundle.Prediction;
import io.sentifuse.data.DatasetFormats;
import io.sentifuse.files.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sentifuse demo}: the main job: a quick sweep with the live UI, export of the best model, predictions. */
@Command(name = "demo", description = {
        "The main job in one command: a quick sweep over fusion heads on the committed demo dataset (or --data) with "
                + "the live UI, the export of the best candidate as a model bundle, and its predictions for a few pairs."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "A dataset (default datasets/fixture/demo, invented pairs).")
    Path data = DemoService.DEMO_DATA;

    @Option(names = "--format", paramLabel = "F", description = "Its format (default mvsa-single).")
    String format = DatasetFormats.DEFAULT;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the sweep and the model go (default runs/demo).")
    Path out = Path.of("runs", "demo");

    @Option(names = "--port", paramLabel = "P", description = "Port of the live UI (default 9000).")
    int port = 9000;

    @Option(names = "--no-ui", description = "Run without the live UI.")
    boolean noUi;

    @Option(names = "--json", description = "Print the result as one JSON object (one line).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DemoService.Result r = DemoService.run(data, format, out, !noUi, port, spec.commandLine().getErr());
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(Json.line(r));
            o.flush();
            return 0;
        }
        o.printf(Locale.ROOT, "%nLeaderboard (validation %s, mean over seeds): %s%n", r.sweep().metric(),
                r.sweep().leaderboard().replace(".csv", ".md"));
        o.printf(Locale.ROOT, "Best: candidate %d, %s, %.1f%% ± %.1f%n", r.sweep().best().candidate(),
                r.sweep().best().head(), 100 * r.sweep().best().score(), 100 * r.sweep().best().scoreSd());
        o.printf(Locale.ROOT, "%nPredictions of the exported model:%n%-6s %-50s %-9s %-9s %s%n", "id", "text", "true",
                "predicted", "probability");
        for (Prediction p : r.predictions()) {
            String text = DemoService.text(data, format, p.id());
            o.printf(Locale.ROOT, "%-6s %-50s %-9s %-9s %.3f%n", p.id(), text.length() > 48 ? text.substring(0, 47) + "…"
                    : text, p.trueLabel() == null ? "-" : p.trueLabel(), p.label(), p.probabilities().get(p.label()));
        }
        o.printf(Locale.ROOT, "%nWritten: sweep %s%n         model  %s (%.0f MB)%n", r.sweep().sweepDir(),
                r.bundle().bundle(), r.bundle().bytes() / 1e6);
        o.printf(Locale.ROOT, "Next: sentifuse predict --model %s --text \"...\" --image FILE%n"
                + "      sentifuse serve --model %s   (the prediction explorer at http://127.0.0.1:8080/)%n",
                r.bundle().bundle(), r.bundle().bundle());
        if (r.synthetic()) {
            o.println("The data was synthetic (invented texts, drawn images). On real tweets: "
                    + "sentifuse demo --data ../shared/datasets/mvsa-single");
        }
        o.printf(Locale.ROOT, "Done in %.0f s.%n", r.seconds());
        o.flush();
        return 0;
    }
}
