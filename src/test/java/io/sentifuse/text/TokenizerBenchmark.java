package io.sentifuse.text;

import io.sentifuse.files.AtomicFiles;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of the default tokenizer on the 4,358 real MVSA-Single texts (max length 128), ours against
 * HuggingFace through DJL, interleaved in one JVM after warm-up; medians of 9 passes. A benchmark, not a test
 * (timings belong to no test run); from the repository root, with the test classpath written as for the generators
 * in CONTRIBUTING.md:
 * <pre>java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" io.sentifuse.text.TokenizerBenchmark</pre>
 */
public final class TokenizerBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(TokenizerBenchmark.class);
    private static final int MAX_LENGTH = 128;

    private TokenizerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("tokenizer-bench-");
        try {
            throughput(dir);
        } finally {
            AtomicFiles.deleteTree(dir);
        }
    }

    private static void throughput(Path dir) throws Exception {
        List<String> texts = MvsaTexts.all();
        HfTokenizer ours = Tokenizers.defaultMiniLm();
        try (HfReference djl = HfReference.load(HfReference.miniLmFile(dir), MAX_LENGTH)) {
            ToLongFunction<List<String>> oursOne = list -> {
                long n = 0;
                for (String t : list) {
                    n += ours.encode(t, MAX_LENGTH).length();
                }
                return n;
            };
            ToLongFunction<List<String>> djlOne = list -> {
                long n = 0;
                for (String t : list) {
                    n += djl.encode(t).getIds().length;
                }
                return n;
            };
            ToLongFunction<List<String>> djlBatch = list -> djl.encodeAll(list).stream().mapToLong(e -> e.getIds().length).sum();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            ToLongFunction<List<String>> oursTwo = list -> {
                try {
                    int half = list.size() / 2;
                    Future<Long> a = pool.submit(() -> oursOne.applyAsLong(list.subList(0, half)));
                    Future<Long> b = pool.submit(() -> oursOne.applyAsLong(list.subList(half, list.size())));
                    return a.get() + b.get();
                } catch (Exception e) {
                    throw new IllegalStateException("benchmark thread failed", e);
                }
            };
            String[] names = {"ours, 1 thread", "ours, 2 threads", "DJL encode, 1 thread", "DJL batchEncode (Rust threads)"};
            List<ToLongFunction<List<String>>> runs = List.of(oursOne, oursTwo, djlOne, djlBatch);
            long[][] nanos = new long[runs.size()][9];
            for (int warm = 0; warm < 5; warm++) {
                runs.forEach(r -> r.applyAsLong(texts));
            }
            long tokens = oursOne.applyAsLong(texts);
            for (int pass = 0; pass < 9; pass++) {
                for (int r = 0; r < runs.size(); r++) {
                    long start = System.nanoTime();
                    long n = runs.get(r).applyAsLong(texts);
                    nanos[r][pass] = System.nanoTime() - start;
                    if (n != tokens) {
                        throw new IllegalStateException(names[r] + " produced " + n + " tokens, expected " + tokens);
                    }
                }
            }
            pool.shutdown();
            for (int r = 0; r < runs.size(); r++) {
                Arrays.sort(nanos[r]);
                double seconds = nanos[r][4] / 1e9;
                LOG.info(String.format("%-32s %9.0f texts/s  %10.0f tokens/s  (median %.1f ms for %d texts)", names[r],
                        texts.size() / seconds, tokens / seconds, seconds * 1e3, texts.size()));
            }
            LOG.info(String.format("ours allocates %.0f bytes per text (result arrays included)", allocatedPerText(ours, texts)));
        }
    }

    private static double allocatedPerText(HfTokenizer tokenizer, List<String> texts) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        List<Encoding> keep = new ArrayList<>(texts.size());
        long before = bean.getThreadAllocatedBytes(id);
        for (String t : texts) {
            keep.add(tokenizer.encode(t, MAX_LENGTH));
        }
        long after = bean.getThreadAllocatedBytes(id);
        return (after - before) / (double) texts.size();
    }
}
