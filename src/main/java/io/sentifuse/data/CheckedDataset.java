package io.sentifuse.data;

import io.sentifuse.config.DataConfig;
import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Checksums;
import io.sentifuse.image.ImageDecodeException;
import io.sentifuse.image.ImageDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.datavec.api.writable.Writable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one checked read of a dataset that {@code data check}, training and evaluation share: the dataset's
 * records through a {@link PairRecordReader}, record problems handled by the item policy (the first one stops a
 * {@code fail} read), at least one usable pair, and the content checksum that split files and caches are keyed
 * by. With {@code decodeImages} (what {@code data check} asks for) every image is also decoded on a pool of
 * threads, the only way to find corrupt ones; the bytes read for decoding are the ones hashed, so nothing is
 * read twice. Without it images are decoded later, where they are used (feature fill, fine-tuning batches).
 */
public final class CheckedDataset {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedDataset.class);

    private final PairRecordReader reader;
    private final String checksum;
    private final List<Problem> imageProblems;
    private final boolean imagesDecoded;

    private CheckedDataset(PairRecordReader reader, String checksum, List<Problem> imageProblems,
                           boolean imagesDecoded) {
        this.reader = reader;
        this.checksum = checksum;
        this.imageProblems = List.copyOf(imageProblems);
        this.imagesDecoded = imagesDecoded;
    }

    /** Reads and checks {@code data.path} without decoding images (training and evaluation). */
    public static CheckedDataset read(DataConfig data) {
        return read(Path.of(data.path()), data.format(), data.itemPolicy(), data.workers(), false);
    }

    /**
     * Reads and checks the dataset at {@code path}.
     *
     * @param policy       {@code SKIP}: problems are listed; {@code FAIL}: the first problem is thrown as a
     *                     {@link UserInputException} naming its file, line or id
     * @param threads      hashing and decoding threads
     * @param decodeImages decode every image of every usable pair (problems follow {@code policy})
     */
    public static CheckedDataset read(Path path, String format, ItemPolicy policy, int threads, boolean decodeImages) {
        PairRecordReader reader = PairRecordReader.open(path, format);
        Dataset dataset = reader.dataset();
        failOnFirst(policy, dataset.problems());
        if (!dataset.problems().isEmpty()) {
            LOG.warn("{}: {} records skipped (listed by `sentifuse data check {}`)", path, dataset.problems().size(),
                    path);
        }
        if (dataset.items().isEmpty()) {
            throw new UserInputException(path + ": no usable pairs (format " + format + ")");
        }
        ExecutorService pool = WorkerThreads.pool("dataset-read", Math.max(1, threads));
        try {
            Map<String, String> digests = new HashMap<>();
            List<Problem> imageProblems = decodeImages ? decodeAll(reader, policy, pool, digests) : List.of();
            return new CheckedDataset(reader, DatasetChecksum.compute(dataset, digests, pool), imageProblems,
                    decodeImages);
        } finally {
            WorkerThreads.shutdown(pool);
        }
    }

    /** The error for the first of {@code problems} under the fail policy, or nothing. */
    public static void failOnFirst(ItemPolicy policy, List<Problem> problems) {
        if (policy == ItemPolicy.FAIL && !problems.isEmpty()) {
            throw new UserInputException(problems.get(0).message() + " (item policy 'fail' / --strict stops at the "
                    + "first problem; the default 'skip' lists them all)");
        }
    }

    /** Decodes every record's image on {@code pool}; digests of the bytes read go to {@code digests}. */
    private static List<Problem> decodeAll(PairRecordReader reader, ItemPolicy policy, ExecutorService pool,
                                           Map<String, String> digests) {
        ImageDecoder decoder = new ImageDecoder();
        List<Future<Outcome>> outcomes = new ArrayList<>(reader.size());
        List<List<Writable>> records = new ArrayList<>(reader.size());
        reader.reset();
        while (reader.hasNext()) {
            List<Writable> r = reader.next();
            records.add(r);
            outcomes.add(pool.submit(() -> decode(decoder, PairRecords.image(r))));
        }
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            List<Writable> r = records.get(i);
            Outcome o = await(outcomes.get(i), PairRecords.id(r));
            if (o.digest() != null) {
                digests.put(reader.dataset().relative(PairRecords.image(r)), o.digest());
            }
            if (o.problem() != null) {
                Problem problem = new Problem(PairRecords.id(r), PairRecords.image(r).toString(), null, o.problem());
                failOnFirst(policy, List.of(problem));
                problems.add(problem);
            }
        }
        return problems;
    }

    /** What decoding one image found: its digest (when readable) and its problem (or null). */
    private record Outcome(String digest, String problem) {
    }

    private static Outcome decode(ImageDecoder decoder, Path image) {
        byte[] bytes;
        try {
            bytes = ImageDecoder.read(image);
        } catch (ImageDecodeException e) {
            return new Outcome(null, e.problem());
        }
        String digest = Checksums.sha256(bytes);
        try {
            decoder.decode(bytes, image);
            return new Outcome(digest, null);
        } catch (ImageDecodeException e) {
            return new Outcome(digest, e.problem());
        }
    }

    private static Outcome await(Future<Outcome> f, String id) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking pair " + id, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("checking pair " + id + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** What the format read. */
    public Dataset dataset() {
        return reader.dataset();
    }

    /** The reader over every pair the format could use (images not yet decoded unless {@link #imagesDecoded()}). */
    public PairRecordReader reader() {
        return reader;
    }

    /** The dataset's SHA-256 ({@link DatasetChecksum}). */
    public String checksum() {
        return checksum;
    }

    /** Whether every image was decoded by this read. */
    public boolean imagesDecoded() {
        return imagesDecoded;
    }

    /** Pairs whose image could not be decoded (empty unless {@link #imagesDecoded()}). */
    public List<Problem> imageProblems() {
        return imageProblems;
    }

    /** The pairs usable after this read: the format's pairs without those whose image failed to decode. */
    public List<Pair> usablePairs() {
        if (imageProblems.isEmpty()) {
            return dataset().items();
        }
        java.util.Set<String> bad = new java.util.HashSet<>();
        imageProblems.forEach(p -> bad.add(p.id()));
        return dataset().items().stream().filter(p -> !bad.contains(p.id())).toList();
    }

    /**
     * Refuses a dataset with unlabelled pairs for {@code purpose} (training, evaluation), naming how many and
     * the first few.
     */
    public CheckedDataset requireLabels(String purpose) {
        List<String> unlabelled = dataset().items().stream().filter(p -> !p.labelled()).map(Pair::id).toList();
        if (!unlabelled.isEmpty()) {
            throw new UserInputException(dataset().path() + ": " + unlabelled.size() + " of "
                    + dataset().items().size() + " pairs have no label (e.g. "
                    + String.join(", ", unlabelled.subList(0, Math.min(5, unlabelled.size()))) + "); " + purpose
                    + " needs a label for every pair");
        }
        return this;
    }

    /** The dataset section of a run's provenance: path, format, checksum and counts. */
    public Map<String, Object> provenance() {
        Dataset dataset = dataset();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("path", dataset.path().toString());
        p.put("format", dataset.format());
        p.put("sha256", checksum);
        p.put("records", dataset.rows());
        p.put("usable", dataset.items().size());
        p.put("dropped_conflicting", dataset.droppedConflicting().size());
        p.put("problems", dataset.problems().size());
        return p;
    }

    /** The run's split: {@code data.split_file} when set, else made from the protocol and {@code seed}. */
    public Split split(DataConfig data, long seed) {
        return Split.forRun(data.splitFile(), data.protocol(), seed, dataset(), checksum);
    }
}
