package io.sentifuse.app;

import io.sentifuse.bundle.ExportResult;
import io.sentifuse.bundle.Exporter;
import io.sentifuse.bundle.Prediction;
import io.sentifuse.bundle.Predictor;
import io.sentifuse.data.Pair;
import io.sentifuse.data.PairRecordReader;
import io.sentifuse.data.PairRecords;
import io.sentifuse.tune.SweepRequest;
import io.sentifuse.tune.SweepResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code sentifuse demo}: the main job in one command. A quick sweep over fusion heads on a dataset (the committed
 * demo dataset by default: invented pairs whose label shows partly in the text, partly in the image) with the live
 * UI, the export of the best candidate as a model bundle, and predictions of that bundle for a few pairs.
 */
public final class DemoService {

    /** The committed demo dataset. */
    public static final Path DEMO_DATA = Path.of("datasets", "fixture", "demo");
    /** The quick sweep the demo runs. */
    public static final Path QUICK_SWEEP = Path.of("experiments", "sweeps", "fusion-quick.yaml");
    /** Pairs whose predictions the demo prints. */
    static final int SHOWN = 8;

    private DemoService() {
    }

    /**
     * What the demo did.
     *
     * @param sweep       the sweep's result
     * @param bundle      the exported model
     * @param predictions predictions for a few pairs
     * @param outDir      where everything went
     * @param synthetic   whether the data was the committed (invented) demo dataset
     * @param seconds     wall time
     */
    public record Result(SweepResult sweep, ExportResult bundle, List<Prediction> predictions, String outDir,
                         boolean synthetic, double seconds) {
    }

    /**
     * Runs the demo on {@code data} (format {@code format}); everything is written under {@code outDir}.
     *
     * @param ui       serve the UI during the sweep
     * @param port     the UI's port
     * @param progress where the steps are reported
     */
    public static Result run(Path data, String format, Path outDir, boolean ui, int port, PrintWriter progress) {
        long started = System.nanoTime();
        boolean synthetic = data.toAbsolutePath().normalize().equals(DEMO_DATA.toAbsolutePath().normalize());
        progress.println(synthetic
                ? "demo: the committed demo dataset " + DEMO_DATA + " (400 invented pairs, not real tweets: each label "
                + "shows in the text, in the image or in both); point the demo at MVSA-Single with --data "
                + "../shared/datasets/mvsa-single"
                : "demo: dataset " + data + " (" + format + ")");
        progress.println("demo: step 1/3, a quick sweep over fusion heads (the first run encodes every pair once)");
        progress.flush();
        List<String> sets = List.of("data.path=" + data, "data.format=" + format, "output.runs_dir=" + outDir,
                "ui.port=" + port);
        SweepResult sweep = Services.sweeps().run(new SweepRequest(QUICK_SWEEP, sets, null, ui, null, progress));
        progress.println("demo: step 2/3, export the best candidate (" + sweep.best().head() + ", "
                + String.format(Locale.ROOT, "%.1f%%", 100 * sweep.best().score()) + ") as a model bundle");
        progress.flush();
        Path bundle = outDir.resolve("demo-model.zip");
        ExportResult exported = Exporter.export(Path.of(sweep.sweepDir()), bundle);
        progress.println("demo: step 3/3, predictions of the bundle for " + SHOWN + " pairs");
        progress.flush();
        List<Prediction> predictions = new ArrayList<>();
        try (Predictor predictor = Predictor.open(bundle)) {
            PairRecordReader all = PairRecordReader.open(data, format);
            List<Pair> shown = new ArrayList<>();
            // spread over the dataset rather than its first lines
            int step = Math.max(1, all.size() / SHOWN);
            for (int i = 0; i < all.size() && shown.size() < SHOWN; i += step) {
                shown.add(all.pair(i));
            }
            predictions.addAll(predictor.predict(PairRecordReader.of(shown).records()).predictions());
        }
        return new Result(sweep, exported, predictions, outDir.toString(), synthetic,
                Math.round((System.nanoTime() - started) / 1e8) / 10.0);
    }

    /** The text of pair {@code id} in {@code data}, for the table. */
    public static String text(Path data, String format, String id) {
        PairRecordReader all = PairRecordReader.open(data, format);
        for (int i = 0; i < all.size(); i++) {
            if (all.pair(i).id().equals(id)) {
                return PairRecords.text(PairRecords.of(all.pair(i)));
            }
        }
        return "";
    }
}
