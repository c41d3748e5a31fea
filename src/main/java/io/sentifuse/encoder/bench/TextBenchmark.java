package io.sentifuse.encoder.bench;

import io.sentifuse.encoder.EncoderGraphs;
import io.sentifuse.encoder.KindSupport;
import io.sentifuse.encoder.ModelKind;
import io.sentifuse.system.SessionArrays;
import io.sentifuse.encoder.ModelSource;
import io.sentifuse.encoder.TextEncoder;
import io.sentifuse.encoder.VerifiedGraph;
import io.sentifuse.encoder.cache.CacheEntry;
import io.sentifuse.encoder.cache.GraphCache;
import io.sentifuse.encoder.verify.ModelVerifier;
import io.sentifuse.encoder.verify.OrtRunner;
import io.sentifuse.encoder.verify.TextSignature;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.system.LoadedNd4jBinary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times the forward pass of a text model in SameDiff (the verified, cached translation) and in ONNX Runtime on
 * identical inputs: both engines limited to the same thread count, warmed up, then measured alternately so
 * that machine load affects both alike.
 */
public final class TextBenchmark {

    /** Seed of the benchmark's token ids. */
    static final long SEED = 20_240_613L;

    private static final Logger LOG = LoggerFactory.getLogger(TextBenchmark.class);

    /** What to measure. */
    public record Settings(int batch, int length, int threads, int warmup, int iterations, int profilePasses) {
    }

    private TextBenchmark() {
    }

    public static TextBenchResult run(ModelSource source, Path cacheRoot, Settings s) {
        int[] previous = {Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads(),
                NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(), Nd4j.factory().blas().getMaxThreads()};
        limitNd4jThreads(s.threads(), s.threads(), s.threads(), s.threads());
        try {
            return measure(source, cacheRoot, s);
        } finally {
            limitNd4jThreads(previous[0], previous[1], previous[2], previous[3]);
        }
    }

    private static TextBenchResult measure(ModelSource source, Path cacheRoot, Settings s) {
        VerifiedGraph graph = new EncoderGraphs(new GraphCache(cacheRoot), ModelVerifier.DEFAULT_TOLERANCE, s.threads())
                .obtain(source, KindSupport.of(ModelKind.TEXT), TextEncoder.INFERENCE_WEIGHTS);
        CacheEntry e = graph.entry();
        Map<String, INDArray> inputs = inputs(e, s, graph.entry().vocabulary() == null ? 1000 : graph.entry().vocabulary());
        Map<String, INDArray> feed = new HashMap<>();
        inputs.forEach((name, value) -> feed.put(e.inputs().get(name), value));
        String output = e.outputs().values().iterator().next();
        String ortOutput = e.outputs().keySet().iterator().next();
        List<Double> sdMs = new ArrayList<>();
        List<Double> ortMs = new ArrayList<>();
        double maxDiff = 0;
        try (OrtRunner ort = new OrtRunner(source.bytes(), source.name(), s.threads())) {
            SessionArrays.install(graph.sd()); // as TextEncoder runs it
            for (int k = 0; k < s.warmup(); k++) {
                graph.sd().output(feed, output);
                ort.run(inputs);
            }
            for (int k = 0; k < s.iterations(); k++) {
                long t0 = System.nanoTime();
                INDArray ours = graph.sd().output(feed, output).get(output);
                long t1 = System.nanoTime();
                INDArray ref = ort.run(inputs).get(ortOutput);
                long t2 = System.nanoTime();
                sdMs.add((t1 - t0) / 1e6);
                ortMs.add((t2 - t1) / 1e6);
                maxDiff = Math.max(maxDiff, ours.sub(ref).amaxNumber().doubleValue());
                LOG.debug("pass {}: SameDiff {} ms, ONNX Runtime {} ms", k, sdMs.get(k), ortMs.get(k));
            }
        }
        double sd = median(sdMs);
        double ort = median(ortMs);
        ForwardProfile.Result profile = s.profilePasses() <= 0 ? null
                : ForwardProfile.of(graph.sd(), () -> graph.sd().output(feed, output), s.profilePasses());
        return new TextBenchResult(source.name(), s.batch(), s.length(), s.threads(), s.warmup(), sdMs, ortMs, sd, ort,
                sd / ort, maxDiff, LoadedNd4jBinary.read().name(), profile);
    }

    /** ND4J's op threads, OpenMP threads and BLAS threads. */
    static void limitNd4jThreads(int ops, int master, int omp, int blas) {
        Nd4j.getEnvironment().setMaxThreads(ops);
        Nd4j.getEnvironment().setMaxMasterThreads(master);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(omp);
        Nd4j.factory().blas().setMaxThreads(blas);
    }

    /** Random ids over the vocabulary, no padding, token types 0. */
    private static Map<String, INDArray> inputs(CacheEntry e, Settings s, long vocabulary) {
        Random random = Seeds.of(SEED).random("bench-text");
        long[][] ids = new long[s.batch()][s.length()];
        long[][] ones = new long[s.batch()][s.length()];
        for (int b = 0; b < s.batch(); b++) {
            for (int t = 0; t < s.length(); t++) {
                ids[b][t] = random.nextInt((int) vocabulary);
                ones[b][t] = 1;
            }
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : e.inputs().keySet()) {
            out.put(name, switch (TextSignature.role(name)) {
                case IDS -> Nd4j.createFromArray(ids);
                case MASK -> Nd4j.createFromArray(ones);
                default -> Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.LONG, s.batch(), s.length());
            });
        }
        return out;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
