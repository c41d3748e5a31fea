package io.sentifuse.cli;

import io.sentifuse.bundle.PredictService;
import io.sentifuse.bundle.Prediction;
import io.sentifuse.bundle.Predictor;
import io.sentifuse.data.DatasetFormats;
import io.sentifuse.data.Problem;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sentifuse predict}: labels and probabilities from a model bundle. */
@Command(name = "predict", description = {
        "Classify text + image pairs with a model bundle: one pair (--text and --image) or every pair of a dataset "
                + "folder or manifest (--data; labelled or not), streamed in batches.",
        "With --json one object per pair per line: id, label, probabilities (and true_label, attention where there "
                + "are). Pairs that cannot be read are skipped and listed on stderr, or stop the command with --strict."})
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "The model bundle.")
    Path model;

    @Option(names = "--text", paramLabel = "TEXT", description = "The text of one pair.")
    String text;

    @Option(names = "--image", paramLabel = "FILE", description = "The image of one pair.")
    Path image;

    @Option(names = "--data", paramLabel = "DIR_OR_MANIFEST", description = "A dataset folder or manifest file.")
    Path data;

    @Option(names = "--format", paramLabel = "F", description = "Dataset format of --data (default: manifest for a "
            + ".csv/.jsonl file, else mvsa-single).")
    String format;

    @Option(names = "--strict", description = "Stop at the first pair that cannot be read (exit 2).")
    boolean strict;

    @Option(names = "--json", description = "One JSON object per pair per line.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if ((data == null) == (text == null && image == null)) {
            throw new UserInputException("predict needs either --text and --image (one pair) or --data (a dataset)");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Predictor predictor = Predictor.open(model)) {
            if (data == null) {
                print(out, PredictService.one(predictor, text, image));
            } else {
                PredictService.Summary s = PredictService.data(predictor, data, formatOf(data), strict,
                        p -> print(out, p));
                for (Problem p : s.skipped()) {
                    err.println("skipped " + p.message());
                }
                err.printf(Locale.ROOT, "%d pairs predicted, %d skipped%n", s.predicted(), s.skipped().size());
            }
        }
        out.flush();
        err.flush();
        return 0;
    }

    private String formatOf(Path data) {
        if (format != null) {
            return format;
        }
        String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".jsonl") || name.endsWith(".ndjson")
                || data.resolve("manifest.csv").toFile().isFile() || data.resolve("manifest.jsonl").toFile().isFile()
                ? "manifest" : DatasetFormats.DEFAULT;
    }

    private void print(PrintWriter out, Prediction p) {
        if (json) {
            out.println(Json.line(p));
            return;
        }
        StringBuilder probs = new StringBuilder();
        for (Map.Entry<String, Double> e : p.probabilities().entrySet()) {
            probs.append(String.format(Locale.ROOT, " %s %.3f", e.getKey(), e.getValue()));
        }
        out.printf(Locale.ROOT, "%-12s %-9s%s%s%n", p.id(), p.label(), probs,
                p.trueLabel() == null ? "" : "  (true: " + p.trueLabel() + ")");
    }
}
