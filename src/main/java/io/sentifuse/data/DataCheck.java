package io.sentifuse.data;

import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.image.ImageDecodeException;
import io.sentifuse.image.ImageDecoder;
import io.sentifuse.repro.Checksums;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code data check} service: reads every record of a dataset, decodes every image of every pair the
 * label rule keeps (the only way to find corrupt images), and reports counts, label distribution after
 * merging, text encodings, problems and the dataset checksum. Images are decoded on a pool of threads and
 * dropped right after, so memory stays flat whatever the dataset's size.
 */
public final class DataCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DataCheck.class);

    private DataCheck() {
    }

    /**
     * Checks the dataset at {@code path}.
     *
     * @param policy  {@code SKIP}: problems are listed; {@code FAIL}: the first problem is thrown as a
     *                {@link UserInputException} naming its file, line or id
     * @param threads decoding threads
     */
    public static DataCheckResult run(Path path, String format, ItemPolicy policy, int threads) {
        long start = System.nanoTime();
        Dataset dataset = DatasetFormats.read(path, format);
        failOnFirst(policy, dataset.problems(), path);
        ImageDecoder decoder = new ImageDecoder();
        ExecutorService pool = WorkerThreads.pool("data-check", threads);
        try {
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (Pair p : dataset.items()) {
                outcomes.add(pool.submit(() -> check(decoder, p)));
            }
            List<Pair> usable = new ArrayList<>();
            List<Problem> problems = new ArrayList<>(dataset.problems());
            Map<String, String> digests = new HashMap<>();
            for (int i = 0; i < outcomes.size(); i++) {
                Pair p = dataset.items().get(i);
                Outcome o = await(outcomes.get(i), p);
                if (o.digest() != null) {
                    digests.put(dataset.relative(p.image()), o.digest());
                }
                if (o.problem() == null) {
                    usable.add(p);
                } else {
                    Problem problem = new Problem(p.id(), p.image().toString(), null, o.problem());
                    failOnFirst(policy, List.of(problem), path);
                    problems.add(problem);
                }
            }
            String checksum = DatasetChecksum.compute(dataset, digests, pool);
            double seconds = (System.nanoTime() - start) / 1e9;
            LOG.info("checked {} pairs of {} in {} s on {} threads: {} usable, {} problems", dataset.rows(), path,
                    String.format("%.1f", seconds), threads, usable.size(), problems.size());
            return new DataCheckResult(path.toString(), dataset.format(), dataset.rows(),
                    dataset.droppedConflicting().size(), dataset.droppedNoMajority().size(), problems.size(),
                    usable.size(), Dataset.labelCounts(usable), dataset.nonUtf8Texts(), dataset.textEncodings(),
                    dataset.items().size(), checksum, Math.round(seconds * 100) / 100.0, threads, problems,
                    dataset.droppedConflicting(), dataset.droppedNoMajority(), usable);
        } finally {
            WorkerThreads.shutdown(pool);
        }
    }

    /** The error for the first of {@code problems} under the fail policy, or nothing. */
    public static void failOnFirst(ItemPolicy policy, List<Problem> problems, Path dataset) {
        if (policy == ItemPolicy.FAIL && !problems.isEmpty()) {
            throw new UserInputException(problems.get(0).message() + " (item policy 'fail' / --strict stops at the "
                    + "first problem; the default 'skip' lists them all)");
        }
    }

    /** What decoding one pair's image found: its digest (when readable) and its problem (or null). */
    private record Outcome(String digest, String problem) {
    }

    private static Outcome check(ImageDecoder decoder, Pair p) {
        byte[] bytes;
        try {
            bytes = ImageDecoder.read(p.image());
        } catch (ImageDecodeException e) {
            return new Outcome(null, e.problem());
        }
        String digest = Checksums.sha256(bytes);
        try {
            decoder.decode(bytes, p.image());
            return new Outcome(digest, null);
        } catch (ImageDecodeException e) {
            return new Outcome(digest, e.problem());
        }
    }

    private static Outcome await(Future<Outcome> f, Pair p) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking pair " + p.id(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("checking pair " + p.id() + " (" + p.image() + ") failed: " + e.getCause(),
                    e.getCause());
        }
    }
}
