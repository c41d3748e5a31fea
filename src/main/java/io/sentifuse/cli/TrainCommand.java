package io.sentifuse.cli;

import io.sentifuse.app.Services;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import io.sentifuse.train.ProgressBar;
import io.sentifuse.train.TrainRequest;
import io.sentifuse.train.TrainingReport;
import io.sentifuse.train.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sentifuse train}: one training run (or the continuation of a killed one). */
@Command(name = "train", description = {
        "Train a fusion head. The run folder gets config, provenance, metrics.jsonl, iterations.jsonl, "
                + "a checkpoint per epoch, the best model (model/) and report.json / report.txt.",
        "With --resume RUN_DIR a killed run continues from its last checkpoint with its stored configuration."})
final class TrainCommand implements Callable<Integer> {

    @Parameters(paramLabel = "EXPERIMENT", arity = "0..1", description = "Experiment YAML file (not needed with --resume).")
    Path experiment;

    @Mixin
    Overrides overrides;

    @Option(names = "--ui", description = "Show live training curves in the browser (sets ui.enabled).")
    boolean ui;

    @Option(names = "--ui-host", paramLabel = "HOST", description = "Address the UI server binds (default ui.host, 127.0.0.1).")
    String uiHost;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue this run folder from its last checkpoint.")
    Path resume;

    @Option(names = "--json", description = "Print the result as one JSON object (one line).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (experiment == null && resume == null) {
            throw new UserInputException("train needs an EXPERIMENT file or --resume RUN_DIR");
        }
        if (experiment != null && resume != null) {
            throw new UserInputException("give either EXPERIMENT or --resume RUN_DIR, not both: a resumed run uses "
                    + "the configuration stored in its folder");
        }
        List<String> command = new ArrayList<>(List.of("sentifuse")); // originalArgs() holds the whole command line, subcommand included
        command.addAll(spec.commandLine().getParseResult().originalArgs());
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, System.console() != null);
        TrainingResult result = Services.training().train(new TrainRequest(experiment, overrides.values, resume,
                ui, uiHost, command, List.of(bar)));
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? Json.line(result) : TrainingReport.text(result).stripTrailing());
        out.flush();
        return 0;
    }
}
