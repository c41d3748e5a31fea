package io.sentifuse.cli;

import io.sentifuse.bundle.EvaluateService;
import io.sentifuse.data.DatasetFormats;
import io.sentifuse.eval.ClassMetrics;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sentifuse evaluate}: a model bundle's figures on labelled data. */
@Command(name = "evaluate", description = {
        "Accuracy, weighted / macro F1, per-class figures and the confusion matrix of a model bundle on every usable "
                + "labelled pair of a dataset (or one part of a split file): how to check a model on data it never saw."})
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "The model bundle.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "A labelled dataset folder or manifest.")
    Path data;

    @Option(names = "--format", paramLabel = "F", description = "Dataset format (default mvsa-single).")
    String format = DatasetFormats.DEFAULT;

    @Option(names = "--split", paramLabel = "FILE", description = "A split file; with --part, evaluate that part only.")
    Path split;

    @Option(names = "--part", paramLabel = "P", description = "The split part (train, val, dev, test).")
    String part;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        EvaluateService.Result r = EvaluateService.run(model, data, format, split, part);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "model        %s%ndata         %s%s (%d pairs, %d skipped)%n", r.model(),
                r.data(), r.part() == null ? "" : " part " + r.part(), r.pairs(), r.skipped().size()));
        s.append(String.format(Locale.ROOT, "accuracy     %.4f   weighted F1 %.4f   macro F1 %.4f%n", r.accuracy(),
                r.weightedF1(), r.macroF1()));
        s.append(String.format(Locale.ROOT, "%nper class   precision  recall      f1  support%n"));
        for (ClassMetrics c : r.perClass()) {
            s.append(String.format(Locale.ROOT, "%-10s  %9.4f  %6.4f  %6.4f  %7d%n", c.label(), c.precision(),
                    c.recall(), c.f1(), c.support()));
        }
        s.append(String.format(Locale.ROOT, "%nconfusion (rows: true, columns: predicted; %s)%n",
                String.join(", ", r.classes())));
        for (long[] row : r.confusion()) {
            StringBuilder line = new StringBuilder();
            for (long v : row) {
                line.append(String.format(Locale.ROOT, "%7d", v));
            }
            s.append(line).append('\n');
        }
        output.print(r, s.toString().stripTrailing());
        return 0;
    }
}
