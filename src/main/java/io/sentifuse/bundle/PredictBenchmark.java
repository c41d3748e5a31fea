package io.sentifuse.bundle;

import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.data.CheckedDataset;
import io.sentifuse.data.Pair;
import io.sentifuse.data.PairRecords;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import io.sentifuse.system.LoadedNd4jBinary;
import io.sentifuse.system.SystemInfo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datavec.api.writable.Writable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prediction speed of a model bundle (for {@code sentifuse bench predict}), after warm-up, on the pairs of a dataset:
 * <ol>
 *   <li>single-pair latency through the {@link Predictor} ({@link PredictService#one}, what {@code predict --text
 *       --image} does after the JVM has started);</li>
 *   <li>batched throughput ({@link PredictService#data}, what {@code predict --data} does: read and check the
 *       dataset, stream its records in batches of {@value PredictService#BATCH}), over the first
 *       {@link Settings#pairs()} records;</li>
 *   <li>{@code serve}: a {@link PredictionServer} in this process on a free loopback port, loaded over HTTP at each
 *       of {@link #CONCURRENCY} clients ({@link ServeLoad}).</li>
 * </ol>
 * Speed figures live here, never in unit tests.
 */
public final class PredictBenchmark {

    /** Client threads of the serve measurements, one measurement each. */
    public static final List<Integer> CONCURRENCY = List.of(1, 8);

    private static final Logger LOG = LoggerFactory.getLogger(PredictBenchmark.class);
    private static final String LOOPBACK = "127.0.0.1";

    /**
     * @param pairs    timed single-pair predictions (cycling over the dataset's pairs), and records streamed in
     *                 batches
     * @param requests timed HTTP requests per concurrency
     * @param warmup   untimed predictions and requests before each part
     */
    public record Settings(int pairs, int requests, int warmup) {
    }

    private PredictBenchmark() {
    }

    /**
     * Measures the bundle at {@code model} on the dataset at {@code data} (format {@code format}).
     *
     * @throws UserInputException naming the bundle or the dataset when either cannot be read
     * @throws IllegalStateException naming the request when the server answers one without a prediction
     */
    public static PredictBenchResult run(Path model, Path data, String format, Settings s) {
        String cpu = SystemInfo.readCpuModel();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<List<Writable>> records = records(data, format);
        try (Predictor predictor = Predictor.open(model)) {
            String binary = LoadedNd4jBinary.read().name();
            LOG.info("bench predict: {} ({}) on {} pairs of {}; CPU {}, ND4J binary {}", model,
                    predictor.manifest().head(), records.size(), data, cpu, binary);
            PredictBenchResult.Latency single = single(predictor, records, s);
            LOG.info("single predict: p50 {} ms, p95 {} ms over {} pairs", single.p50Ms(), single.p95Ms(),
                    single.count());
            PredictBenchResult.Batch batch = batch(predictor, records, data, format, s.pairs(), s.warmup());
            LOG.info("batch predict: {} pairs in {} s = {} pairs/s", batch.pairs(), batch.seconds(),
                    batch.pairsPerSecond());
            List<PredictBenchResult.Serve> serve = serve(predictor, records, s);
            return new PredictBenchResult(model.toString(), predictor.manifest().head(), data.toString(), cpu,
                    Runtime.getRuntime().availableProcessors(), Math.round(load * 100) / 100.0, binary, s.warmup(),
                    single, batch, serve);
        }
    }

    /**
     * The dataset's usable pairs: read and checked as {@code predict --data} reads them, and without those whose
     * image cannot be decoded (those {@code predict} and {@code serve} refuse, so they cannot be timed).
     */
    private static List<List<Writable>> records(Path data, String format) {
        CheckedDataset checked = CheckedDataset.read(data, format, ItemPolicy.SKIP, 2, true);
        if (!checked.imageProblems().isEmpty()) {
            LOG.warn("{}: {} pairs left out because their image cannot be read (first: {})", data,
                    checked.imageProblems().size(), checked.imageProblems().get(0).message());
        }
        List<List<Writable>> records = new ArrayList<>();
        for (Pair p : checked.usablePairs()) {
            records.add(PairRecords.of(p));
        }
        if (records.isEmpty()) {
            throw new UserInputException(data + ": no pair with a readable image to measure with");
        }
        return records;
    }

    private static PredictBenchResult.Latency single(Predictor predictor, List<List<Writable>> records, Settings s) {
        for (int i = 0; i < s.warmup(); i++) {
            one(predictor, records.get(i % records.size()));
        }
        long[] nanos = new long[s.pairs()];
        for (int i = 0; i < s.pairs(); i++) {
            List<Writable> r = records.get(i % records.size());
            long start = System.nanoTime();
            one(predictor, r);
            nanos[i] = System.nanoTime() - start;
        }
        return PredictBenchResult.Latency.of(nanos);
    }

    private static Prediction one(Predictor predictor, List<Writable> record) {
        return PredictService.one(predictor, PairRecords.text(record), PairRecords.image(record));
    }

    private static PredictBenchResult.Batch batch(Predictor predictor, List<List<Writable>> records, Path data,
                                                  String format, int pairs, int warmup) {
        if (warmup > 0 && records.size() > 1) {
            // one batch at the batch size (the single-pair warm-up ran batches of one)
            predictor.predict(records.subList(0, Math.min(PredictService.BATCH, records.size())));
        }
        long start = System.nanoTime();
        PredictService.Summary summary = PredictService.data(predictor, data, format, false, pairs, null, p -> { });
        double seconds = (System.nanoTime() - start) / 1e9;
        return new PredictBenchResult.Batch(summary.predicted(), summary.skipped().size(), PredictService.BATCH,
                Math.round(seconds * 1000) / 1000.0, Math.round(summary.predicted() / seconds * 10) / 10.0);
    }

    private static List<PredictBenchResult.Serve> serve(Predictor predictor, List<List<Writable>> records,
                                                       Settings s) {
        List<ServeLoad.Body> bodies = new ArrayList<>();
        for (List<Writable> r : records.subList(0, Math.min(records.size(), s.requests()))) {
            bodies.add(body(r, predictor.readsImages()));
        }
        List<PredictBenchResult.Serve> out = new ArrayList<>();
        try (PredictionServer server = PredictionServer.start(predictor, LOOPBACK, 0,
                PredictionServer.DEFAULT_MAX_BODY)) {
            ServeLoad load = new ServeLoad(LOOPBACK, server.port(), bodies);
            for (int c : CONCURRENCY) {
                if (s.warmup() > 0) {
                    load.run(Math.max(s.warmup(), c), c);
                }
                PredictBenchResult.Serve r = load.run(s.requests(), c);
                LOG.info("serve, concurrency {}: {} requests in {} s = {} requests/s, p50 {} ms, p95 {} ms", c,
                        r.requests(), r.seconds(), r.requestsPerSecond(), r.latency().p50Ms(), r.latency().p95Ms());
                out.add(r);
            }
        }
        return out;
    }

    /** The JSON body {@code POST /predict} accepts for {@code record}: its text and its image file in base64. */
    private static ServeLoad.Body body(List<Writable> record, boolean withImage) {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("text", PairRecords.text(record));
        if (withImage) {
            Path image = PairRecords.image(record);
            try {
                json.put("image", Base64.getEncoder().encodeToString(Files.readAllBytes(image)));
            } catch (IOException e) {
                throw new UserInputException("pair " + PairRecords.id(record) + ": cannot read its image " + image
                        + ": " + e.getMessage(), e);
            }
        }
        return new ServeLoad.Body(PairRecords.id(record), Json.line(json).getBytes(StandardCharsets.UTF_8));
    }
}
