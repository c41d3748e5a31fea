package io.sentifuse.train;

import io.sentifuse.data.Label;
import io.sentifuse.eval.ClassMetrics;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Json;
import java.nio.file.Path;
import java.util.Locale;

/** The final report of a run: {@value #JSON_FILE} (the {@link TrainingResult}) and {@value #TEXT_FILE}. */
public final class TrainingReport {

    public static final String JSON_FILE = "report.json";
    public static final String TEXT_FILE = "report.txt";

    private TrainingReport() {
    }

    public static void write(Path runDir, TrainingResult r) {
        Json.write(runDir.resolve(JSON_FILE), r);
        AtomicFiles.writeString(runDir.resolve(TEXT_FILE), text(r));
    }

    /** The readable form: headline figures, per-class table, confusion matrix. */
    public static String text(TrainingResult r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "run           %s%n", r.runDir()));
        s.append(String.format(Locale.ROOT, "head          %s (%,d parameters)%n", r.head(), r.parameters()));
        s.append(String.format(Locale.ROOT, "data          %d train / %d validation examples%n", r.trainExamples(),
                r.valExamples()));
        s.append(String.format(Locale.ROOT, "epochs        %d of %d (%s); best epoch %d by %s%n", r.epochsRun(),
                r.epochs(), r.stopReason(), r.bestEpoch() + 1, r.selectMetric()));
        s.append(String.format(Locale.ROOT, "validation    accuracy %.4f  weighted F1 %.4f  macro F1 %.4f  loss %.4f%n",
                r.val().accuracy(), r.val().weightedF1(), r.val().macroF1(), r.val().loss()));
        if (r.test() != null) {
            s.append(String.format(Locale.ROOT, "test          accuracy %.4f  weighted F1 %.4f  macro F1 %.4f  loss %.4f%n",
                    r.test().accuracy(), r.test().weightedF1(), r.test().macroF1(), r.test().loss()));
        }
        s.append(String.format(Locale.ROOT, "%nvalidation per class  precision  recall      f1  support%n"));
        for (ClassMetrics c : r.perClass()) {
            s.append(String.format(Locale.ROOT, "%-20s %11.4f %7.4f %7.4f %8d%n", c.label(), c.precision(), c.recall(),
                    c.f1(), c.support()));
        }
        s.append(String.format(Locale.ROOT, "%nvalidation confusion (rows: true, columns: predicted)%n%-12s", ""));
        for (Label l : Label.values()) {
            s.append(String.format(Locale.ROOT, "%10s", l.word()));
        }
        s.append('\n');
        long[][] m = r.confusion();
        for (int t = 0; t < m.length; t++) {
            s.append(String.format(Locale.ROOT, "%-12s", Label.ofIndex(t).word()));
            for (long v : m[t]) {
                s.append(String.format(Locale.ROOT, "%10d", v));
            }
            s.append('\n');
        }
        return s.toString();
    }
}
