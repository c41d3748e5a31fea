package io.sentifuse.cli;

import io.sentifuse.bundle.ExportResult;
import io.sentifuse.bundle.Exporter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sentifuse export}: one model bundle from a run, or from a sweep's best candidate. */
@Command(name = "export", description = {
        "Write a self-describing model bundle (.zip) from a finished run folder, or from a sweep folder (the "
                + "leaderboard's best candidate, its best seed's run): the head, both encoders' verified graphs, the "
                + "tokenizer and image settings, the run's configuration, figures and provenance, SHA-256 per entry.",
        "The bundle predicts on any machine, without the caches: sentifuse predict / evaluate / serve --model FILE."})
final class ExportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR|SWEEP_DIR", description = "A finished run folder or a sweep "
            + "folder; several (frozen-feature runs with the same text and image encoders) export an ensemble that "
            + "predicts the average of their probabilities.")
    List<Path> sources;

    @Option(names = "--out", required = true, paramLabel = "MODEL.zip", description = "The bundle to write.")
    Path out;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        ExportResult r = Exporter.export(sources, out);
        Object runs = r.source().getOrDefault("run_dirs", r.runDir());
        Object figures = r.metrics().containsKey("val") ? r.metrics().get("val") : r.metrics();
        output.print(r, String.format(Locale.ROOT, "bundle    %s (%.1f MB, sha256 %s)%nmodel     %s, %s%nfrom      %s%n"
                        + "validation %s", r.bundle(), r.bytes() / 1e6, r.sha256(), r.head(), r.mode(), runs, figures));
        return 0;
    }
}
