package io.sentifuse.cli;

import io.sentifuse.bundle.PredictionServer;
import io.sentifuse.bundle.Predictor;
import io.sentifuse.errors.UserInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sentifuse serve}: a model bundle as an HTTP prediction service (until Ctrl-C or SIGTERM). */
@Command(name = "serve", description = {
        "Serve a model bundle over HTTP (loopback by default): POST /predict (multipart text + image, or JSON with "
                + "a base64 image), GET /health, GET /model, and the prediction explorer page at /.",
        "Bad requests get a 4xx JSON error naming the field; SIGTERM or Ctrl-C answers what is in flight, then stops."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "The model bundle.")
    Path model;

    @Option(names = "--host", paramLabel = "HOST", description = "Address to bind (default 127.0.0.1; 0.0.0.0 "
            + "exposes the model to the network).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "P", description = "Port (default 8080; 0 picks a free one).")
    int port = 8080;

    @Option(names = "--max-body-mb", paramLabel = "MB", description = "Largest request body accepted (default 10).")
    double maxBodyMb = PredictionServer.DEFAULT_MAX_BODY / (1024.0 * 1024.0);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!(maxBodyMb > 0)) {
            throw new UserInputException("--max-body-mb must be positive, got " + maxBodyMb);
        }
        Predictor predictor = Predictor.open(model);
        PredictionServer server;
        try {
            server = PredictionServer.start(predictor, host, port, Math.round(maxBodyMb * 1024 * 1024));
        } catch (RuntimeException e) {
            predictor.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            predictor.close();
            stopped.countDown();
        }, "sentifuse-serve-shutdown"));
        PrintWriter err = spec.commandLine().getErr();
        err.println("serving " + predictor.manifest().head() + " model " + model + " at http://" + host + ":"
                + server.port() + "/ (POST /predict; Ctrl-C stops)");
        err.flush();
        stopped.await();
        return 0;
    }
}
