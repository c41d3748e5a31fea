package io.sentifuse.cli;

import io.sentifuse.app.DemoService;
import io.sentifuse.bundle.PredictBenchResult;
import io.sentifuse.bundle.PredictBenchmark;
import io.sentifuse.data.DatasetFormats;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sentifuse bench predict}: a model bundle's prediction latency and throughput, direct and over HTTP. */
@Command(name = "predict", description = "Prediction with a model bundle, after warm-up, on a dataset's pairs: "
        + "single-pair latency (as predict --text --image, JVM start excluded), batched pairs/s (as predict --data) "
        + "and serve's POST /predict in-process over loopback at 1 and 8 concurrent clients (requests/s, latency).")
final class BenchPredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "The model bundle.")
    Path model;

    @Option(names = "--data", paramLabel = "DIR", description = "Dataset whose pairs are sent (default: "
            + "${DEFAULT-VALUE}, the committed demo dataset).")
    Path data = DemoService.DEMO_DATA;

    @Option(names = "--format", paramLabel = "F", description = "Its format (default: ${DEFAULT-VALUE}).")
    String format = DatasetFormats.DEFAULT;

    @Option(names = "--pairs", description = "Timed single-pair predictions (cycling over the pairs), and the "
            + "dataset's first records streamed in batches (default: ${DEFAULT-VALUE}).")
    int pairs = 32;

    @Option(names = "--requests", description = "Timed HTTP requests at each concurrency (default: ${DEFAULT-VALUE}).")
    int requests = 32;

    @Option(names = "--warmup", description = "Untimed predictions and requests before each part (default: "
            + "${DEFAULT-VALUE}).")
    int warmup = 3;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        BenchCommand.requireCounts(pairs >= 1 && requests >= 1 && warmup >= 0,
                "--pairs and --requests must be at least 1 and --warmup at least 0");
        PredictBenchResult r = PredictBenchmark.run(model, data, format,
                new PredictBenchmark.Settings(pairs, requests, warmup));
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%s (%s) on %s; CPU %s (%d cores, load %.2f), ND4J binary %s; %d warm-up calls before each part%n"
                        + "single predict  p50 %8.1f ms  p95 %8.1f ms  (%d pairs)%n"
                        + "batch predict   %8.1f pairs/s (%d pairs in %.2f s, batch %d, %d skipped)%n",
                r.model(), r.head(), r.data(), r.cpu(), r.cores(), r.loadAverage(), r.nd4jBinary(), r.warmup(),
                r.single().p50Ms(), r.single().p95Ms(), r.single().count(), r.batch().pairsPerSecond(),
                r.batch().pairs(), r.batch().seconds(), r.batch().batchSize(), r.batch().skipped()));
        for (PredictBenchResult.Serve s : r.serve()) {
            text.append(String.format(Locale.ROOT,
                    "serve, %d client%s %8.1f requests/s  p50 %8.1f ms  p95 %8.1f ms  (%d requests)%n",
                    s.concurrency(), s.concurrency() == 1 ? ": " : "s:", s.requestsPerSecond(), s.latency().p50Ms(),
                    s.latency().p95Ms(), s.requests()));
        }
        output.print(r, text.toString().stripTrailing());
        return 0;
    }
}
