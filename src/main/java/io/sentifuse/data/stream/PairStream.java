package io.sentifuse.data.stream;

import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.config.DataConfig;
import io.sentifuse.data.PairRecordReader;
import io.sentifuse.data.PairRecords;
import io.sentifuse.data.Problem;
import io.sentifuse.data.WorkerThreads;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.image.ImageDecoder;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.model.BatchSource;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.text.Tokenizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.datavec.api.writable.Writable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of a {@link PairRecordReader} (one part of a split, or a folder to predict) as {@link PairBatch}es
 * for an end-to-end graph: texts tokenised, images decoded and transformed by {@code workers} threads, one
 * batch per task, at most {@code prefetchBatches} batches ahead of the consumer, so memory holds those batches,
 * never the image set. Labels stay the records' class indices.
 *
 * <p>A training pass ({@code epoch >= 0}) visits the records in an order drawn from the seed's
 * {@code "shuffle/epoch-N"} stream; an {@link #IN_ORDER} pass keeps the reader's order. Batch order and contents
 * are a function of the records, the seed and the epoch only, never of thread timing. A new pass abandons what
 * is left of the previous one. An item whose image cannot be decoded follows the item policy: {@code skip}
 * leaves it out of its batch (the batch is that much smaller; {@link #skipped()} lists it), {@code fail} throws
 * a {@link UserInputException} naming the pair and file. Close the stream to stop its threads.
 */
public final class PairStream implements BatchSource<PairBatch> {

    private static final Logger LOG = LoggerFactory.getLogger(PairStream.class);

    private final List<List<Writable>> records;
    private final BatchPreparer preparer;
    private final int prefetch;
    private final Seeds seeds;
    private final ExecutorService workers;
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private Pass current;
    private boolean closed;

    private PairStream(Builder b) {
        b.reader.reset();
        List<List<Writable>> all = new ArrayList<>(b.reader.size());
        while (b.reader.hasNext()) {
            all.add(b.reader.next());
        }
        this.records = Collections.unmodifiableList(all);
        this.preparer = new BatchPreparer(b.tokenizer, b.maxLength, b.transform, b.decoder, b.policy, b.knownImageProblems);
        this.prefetch = b.prefetchBatches;
        this.seeds = Seeds.of(b.seed);
        this.workers = WorkerThreads.pool("pair-stream", b.workers);
    }

    /** A builder over the records of {@code reader}, with the text and image preprocessing plugged in. */
    public static Builder builder(PairRecordReader reader, Tokenizer tokenizer, ImageTransform transform) {
        return new Builder(reader, tokenizer, transform);
    }

    @Override
    public int size() {
        return records.size();
    }

    @Override
    public int[] labelIndices() {
        return records.stream().mapToInt(PairRecords::label).toArray();
    }

    @Override
    public Iterator<PairBatch> pass(int batchSize, int epoch) {
        requireOpen();
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (current != null) {
            current.abandon();
        }
        List<List<Writable>> order = new ArrayList<>(records);
        if (epoch != IN_ORDER) {
            Collections.shuffle(order, seeds.random("shuffle/epoch-" + epoch));
        }
        current = new Pass(order, batchSize, epoch);
        return current;
    }

    @Override
    public List<String> skipped() {
        List<String> out = new ArrayList<>();
        skipped.forEach((id, message) -> out.add(id + ": " + message));
        return out;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (current != null) {
                current.abandon();
            }
            WorkerThreads.shutdown(workers);
        }
    }

    /** Whether the worker threads have all ended (after {@link #close()}). */
    public boolean isTerminated() {
        return workers.isTerminated();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the pair stream is closed");
        }
    }

    /** One pass: batches prepared ahead on the workers, handed out in order. */
    private final class Pass implements Iterator<PairBatch> {
        private final List<List<Writable>> order;
        private final int batchSize;
        private final int epoch;
        private final int batches;
        private final Deque<Future<PreparedBatch>> inflight = new ArrayDeque<>();
        private int nextBatch;
        private PreparedBatch ready;

        Pass(List<List<Writable>> order, int batchSize, int epoch) {
            this.order = order;
            this.batchSize = batchSize;
            this.epoch = epoch;
            this.batches = (order.size() + batchSize - 1) / batchSize;
            fill();
        }

        /** Batches decoded or being decoded ahead of the consumer (never more than prefetchBatches). */
        int inFlight() {
            return inflight.size() + (ready == null ? 0 : 1);
        }

        @Override
        public boolean hasNext() {
            requireOpen();
            if (current != this) {
                return false;
            }
            while (ready == null) {
                if (inflight.isEmpty()) {
                    return false;
                }
                PreparedBatch b = await(inflight.removeFirst());
                record(b);
                if (b.isEmpty()) {
                    fill();
                } else {
                    ready = b;
                }
            }
            return true;
        }

        @Override
        public PairBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the pass of epoch " + epoch + " has no more batches");
            }
            PreparedBatch b = ready;
            ready = null;
            fill();
            return b.toPairBatch(preparer.padId(), preparer.imageSize());
        }

        void abandon() {
            inflight.forEach(f -> f.cancel(true));
            inflight.clear();
            ready = null;
        }

        private void fill() {
            while (inFlight() < prefetch && nextBatch < batches) {
                int from = nextBatch * batchSize;
                List<List<Writable>> slice = List.copyOf(order.subList(from, Math.min(from + batchSize, order.size())));
                inflight.addLast(workers.submit(() -> preparer.prepare(slice)));
                nextBatch++;
            }
        }

        private void record(PreparedBatch b) {
            for (Problem p : b.skipped()) {
                if (skipped.putIfAbsent(p.id(), p.message()) == null) {
                    LOG.warn("skipped {} (data.item_policy skip)", p.message());
                }
            }
        }

        private PreparedBatch await(Future<PreparedBatch> f) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch of epoch " + epoch, e);
            } catch (CancellationException e) {
                throw new IllegalStateException("a batch of epoch " + epoch + " was cancelled", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("preparing a batch of epoch " + epoch + " failed: " + cause, cause);
            }
        }
    }

    /** Batches in flight of the current pass (tests check the prefetch bound). */
    int inFlight() {
        return current == null ? 0 : current.inFlight();
    }

    /** Settings of a {@link PairStream}; defaults match {@code experiments/base.yaml}. */
    public static final class Builder {
        private final PairRecordReader reader;
        private final Tokenizer tokenizer;
        private final ImageTransform transform;
        private int maxLength = 128;
        private ImageDecoder decoder = new ImageDecoder();
        private ItemPolicy policy = ItemPolicy.SKIP;
        private int workers = 2;
        private int prefetchBatches = 4;
        private long seed;
        private Function<String, String> knownImageProblems;

        private Builder(PairRecordReader reader, Tokenizer tokenizer, ImageTransform transform) {
            this.reader = reader;
            this.tokenizer = tokenizer;
            this.transform = transform;
        }

        /** Item policy, workers and prefetch from the data section of a config. */
        public Builder config(DataConfig data) {
            return itemPolicy(data.itemPolicy()).workers(data.workers()).prefetchBatches(data.prefetchBatches());
        }

        /** Longest token sequence, special tokens included (config {@code text.max_length}). */
        public Builder maxLength(int maxLength) {
            this.maxLength = positive("max length", maxLength);
            return this;
        }

        public Builder decoder(ImageDecoder decoder) {
            this.decoder = decoder;
            return this;
        }

        public Builder itemPolicy(ItemPolicy policy) {
            this.policy = policy;
            return this;
        }

        public Builder workers(int workers) {
            this.workers = positive("data.workers", workers);
            return this;
        }

        public Builder prefetchBatches(int prefetchBatches) {
            this.prefetchBatches = positive("data.prefetch_batches", prefetchBatches);
            return this;
        }

        /**
         * Images are not decoded (their features come from a frozen CNN's cache): {@code problemOf} names why a
         * pair's image cannot be read (null when it can), and such pairs follow the item policy where decoding them
         * would have, so the batches are the same. The batches' {@code images} are then null.
         */
        public Builder imagesNotDecoded(Function<String, String> problemOf) {
            this.knownImageProblems = java.util.Objects.requireNonNull(problemOf, "problemOf");
            return this;
        }

        /** The run seed that training passes shuffle from. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public PairStream build() {
            return new PairStream(this);
        }

        private static int positive(String what, int value) {
            if (value < 1) {
                throw new UserInputException(what + " must be at least 1, got " + value);
            }
            return value;
        }
    }
}
