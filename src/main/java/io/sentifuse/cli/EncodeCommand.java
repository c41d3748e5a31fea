package io.sentifuse.cli;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.features.store.EncodeService;
import io.sentifuse.features.store.FillListener;
import io.sentifuse.features.store.FillProgress;
import io.sentifuse.features.store.LoggingFillListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sentifuse encode EXPERIMENT.yaml}: fills the feature cache of an experiment's dataset. */
@Command(name = "encode", description = "Fill the feature cache: encode every pair of the experiment's dataset with "
        + "its text and image encoders (once per encoder, settings and dataset; an interrupted fill resumes).")
final class EncodeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "EXPERIMENT", description = "Experiment YAML file.")
    Path file;

    @Mixin
    Overrides overrides;

    @Mixin
    JsonOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExperimentConfig config = ConfigLoader.load(file, overrides.values);
        PrintWriter err = spec.commandLine().getErr();
        FillListener listener = System.console() != null ? new TerminalBar(err) : new LoggingFillListener();
        EncodeService.Result r = EncodeService.run(config, listener);
        String text = String.format(Locale.ROOT,
                "dataset %s: %d pairs (sha256 %s)%ntext features:  %s (dim %s, longest %s tokens)%n"
                        + "image features: %s (dim %s, %s regions, %d unreadable)%n%.1f s",
                config.data().path(), r.pairs(), r.datasetSha256(), r.text().store(), r.text().dim(),
                r.text().longestSequence(), r.image().store(), r.image().dim(), r.image().regions(),
                r.image().unreadable().size(), r.seconds());
        if (r.image().joinedStore() != null) {
            text += String.format(Locale.ROOT, "%njoined face features: %s", r.image().joinedStore());
        }
        for (EncodeService.TextFacts extra : r.extraTexts()) {
            text += String.format(Locale.ROOT, "%nextra text features: %s (dim %s, longest %s tokens)", extra.store(),
                    extra.dim(), extra.longestSequence());
        }
        output.print(r, text);
        return 0;
    }

    /** A bar redrawn in place on a terminal. */
    private static final class TerminalBar extends FillProgress {
        private final PrintWriter out;

        TerminalBar(PrintWriter out) {
            this.out = out;
        }

        @Override
        protected void show(String what, int done, int total, double rate, double secondsLeft) {
            int width = 30;
            int filled = total == 0 ? width : done * width / total;
            out.printf(Locale.ROOT, "\r%-15s [%s%s] %d/%d %.1f/s ETA %s   %s", what, "=".repeat(filled),
                    " ".repeat(width - filled), done, total, rate, duration(secondsLeft), done == total ? "\n" : "");
            out.flush();
        }
    }
}
