package io.sentifuse.cli;

import io.sentifuse.encoder.conformance.ConformanceReport;
import io.sentifuse.encoder.conformance.ConformanceRunner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sentifuse conformance}: ONNX's backend node tests through the translator. */
@Command(name = "conformance",
        description = "Run ONNX's backend node tests (libonnx-testdata) for every operator the translator covers:"
                + " does this ND4J build and platform compute them right.")
final class ConformanceCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "Node-test directory (default: ${DEFAULT-VALUE}).")
    Path data = ConformanceRunner.DEFAULT_DATA;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        ConformanceReport r = new ConformanceRunner().run(data);
        output.print(r, text(r));
        return 0;
    }

    static String text(ConformanceReport r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%d of %d node tests selected (every operator covered), %d passed (%.1f%%) in %.1f s%n",
                r.selected(), r.available(), r.passed(), 100 * r.passRate(), r.seconds()));
        r.byOp().forEach((op, c) -> s.append(String.format("  %-20s %3d / %3d%n", op, c.passed(), c.selected())));
        if (!r.failures().isEmpty()) {
            s.append("failures:\n");
            r.failures().forEach(f -> s.append("  ").append(f.test()).append(": ").append(f.reason()).append('\n'));
        }
        return s.toString().stripTrailing();
    }
}
