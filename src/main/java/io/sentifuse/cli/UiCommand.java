package io.sentifuse.cli;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.UiConfig;
import io.sentifuse.ui.StoredRunsUi;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sentifuse ui}: the DL4J UI server over stored runs, until Ctrl-C. */
@Command(name = "ui", description = "Serve stored runs in the DL4J UI server until Ctrl-C: the project's page"
        + " (/sentifuse: loss, validation accuracy / F1, learning rates, update:parameter ratios, runs list) and the"
        + " stock /train and /arbiter pages.")
final class UiCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(UiCommand.class);

    @Parameters(paramLabel = "RUNS_DIR", arity = "0..1", description = "Runs folder, sweep folder or one run folder (default: ${DEFAULT-VALUE}).")
    Path runsDir = Path.of("runs");

    @Option(names = "--port", paramLabel = "P", description = "Port (default: ui.port's default; 0 picks a free port).")
    Integer port;

    @Option(names = "--host", paramLabel = "H", description = "Address to bind (default: ui.host's default, loopback; 0.0.0.0 exposes the server to the network).")
    String host;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        UiConfig defaults = ConfigLoader.defaults(List.of()).ui();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (StoredRunsUi ui = StoredRunsUi.serve(runsDir, host == null ? defaults.host() : host,
                port == null ? defaults.port() : port)) {
            // the JVM halts once its hooks return: on Ctrl-C the hook waits until the server has been closed
            // (stats files flushed, temporary upload folders removed) by the try-with-resources below
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    closed.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sentifuse-ui-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            StoredRunsUi.Summary s = ui.summary();
            LOG.info("serving {} run(s) from {} at {} (Ctrl-C to stop)", s.runs(), s.runsDir(), s.url());
            output.print(s,
                    "sentifuse UI at " + s.url() + " (" + s.runs() + " run(s) from " + s.runsDir() + "; Ctrl-C to stop)");
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // The JVM is shutting down (Ctrl-C): the hook is running; nothing to remove.
                }
            }
        } finally {
            closed.countDown();
        }
        return 0;
    }
}
