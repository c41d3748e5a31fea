package io.sentifuse.cli;

import io.sentifuse.repro.Json;
import java.io.PrintWriter;

/** Prints a command's result: one JSON object with {@code --json}, else the command's text form. */
final class Printer {

    private Printer() {
    }

    static void print(PrintWriter out, boolean json, Object result, String text) {
        out.println(json ? Json.pretty(result) : text);
        out.flush();
    }
}
