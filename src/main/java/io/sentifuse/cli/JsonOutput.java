package io.sentifuse.cli;

import io.sentifuse.files.Json;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --json} switch and the printing it selects, mixed into every command that returns a result. */
final class JsonOutput {

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Prints {@code result} as one JSON object with {@code --json}, else the command's text form. */
    void print(Object result, String text) {
        PrintWriter out = command.commandLine().getOut();
        out.println(json ? Json.pretty(result) : text);
        out.flush();
    }
}
