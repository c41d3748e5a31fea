package io.sentifuse.data.stream;

import io.sentifuse.config.DataConfig;
import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.data.Pair;
import io.sentifuse.data.Problem;
import io.sentifuse.data.WorkerThreads;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.image.ImageDecoder;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.repro.Seeds;
import io.sentifuse.text.Tokenizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams batches of pairs for training and evaluation. Features: {@link #TOKEN_IDS} (INT64 [B,T]),
 * {@link #ATTENTION_MASK} (INT64 [B,T], 1 on tokens, 0 on padding), {@link #IMAGE} (FLOAT [B,3,H,W]);
 * labels: one-hot FLOAT [B,3] in {@link io.sentifuse.data.Label} index order. T is the longest text of the batch (dynamic
 * padding with the tokenizer's pad id); token type ids are all zero for single texts and left to the encoder.
 *
 * <p>Images are decoded and transformed by {@code workers} threads, one batch per task, at most
 * {@code prefetchBatches} batches ahead of the consumer: memory holds those batches, never the image set.
 * Batch order and contents are a function of the pairs, the seed and the epoch only, never of thread
 * timing. {@link #reset()} after a batch of an epoch was consumed starts the next epoch (a new shuffle from
 * the seed's {@code "shuffle/epoch-N"} stream); before that it restarts the same epoch.
 * {@link #startEpoch(int)} jumps to an epoch (resumed runs).
 *
 * <p>An item whose image cannot be decoded follows the item policy: {@code skip} leaves it out of its batch
 * (the batch is that much smaller; {@link #skipped()} lists it), {@code fail} throws a
 * {@link UserInputException} naming the pair and file from {@code next()}. Any other failure in a worker
 * surfaces from {@code next()} with the pair named. Close the iterator to stop its threads.
 */
public final class PairIterator implements MultiDataSetIterator, AutoCloseable {

    /** Index of the token ids among the features. */
    public static final int TOKEN_IDS = 0;
    /** Index of the attention mask among the features. */
    public static final int ATTENTION_MASK = 1;
    /** Index of the image tensor among the features. */
    public static final int IMAGE = 2;

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PairIterator.class);

    private final transient List<Pair> pairs;
    private final transient BatchPreparer preparer;
    private final int batchSize;
    private final int prefetch;
    private final transient Seeds seeds;
    private final transient ExecutorService workers;

    private int epoch;
    private transient List<Pair> order;
    private int nextBatch;
    private int numBatches;
    private boolean consumedInEpoch;
    private final transient Deque<Future<PreparedBatch>> inflight = new ArrayDeque<>();
    private transient PreparedBatch ready;
    private transient List<Problem> skipped = new ArrayList<>();
    private transient List<String> lastIds = List.of();
    private transient MultiDataSetPreProcessor preProcessor;
    private boolean closed;

    private PairIterator(Builder b) {
        this.pairs = List.copyOf(b.pairs);
        this.preparer = new BatchPreparer(b.tokenizer, b.maxLength, b.transform, b.decoder, b.policy);
        this.batchSize = b.batchSize;
        this.prefetch = b.prefetchBatches;
        this.seeds = b.shuffleSeed == null ? null : Seeds.of(b.shuffleSeed);
        this.workers = WorkerThreads.pool("data-stream", b.workers);
        startEpoch(0);
    }

    /** A builder over {@code pairs} with the text and image preprocessing plugged in. */
    public static Builder builder(List<Pair> pairs, Tokenizer tokenizer, ImageTransform transform) {
        return new Builder(pairs, tokenizer, transform);
    }

    /** Starts epoch {@code epoch}: its order, nothing consumed yet; work in flight is abandoned. */
    public void startEpoch(int epoch) {
        requireOpen();
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        inflight.forEach(f -> f.cancel(true));
        inflight.clear();
        ready = null;
        this.epoch = epoch;
        List<Pair> o = new ArrayList<>(pairs);
        if (seeds != null) {
            Collections.shuffle(o, seeds.random("shuffle/epoch-" + epoch));
        }
        order = o;
        numBatches = (pairs.size() + batchSize - 1) / batchSize;
        nextBatch = 0;
        consumedInEpoch = false;
        skipped = new ArrayList<>();
        fill();
    }

    /** The epoch being served (0-based). */
    public int epoch() {
        return epoch;
    }

    /** Ids of the pairs in the batch {@code next()} returned last, in row order. */
    public List<String> lastBatchIds() {
        return lastIds;
    }

    /** Items skipped so far in this epoch under the skip policy. */
    public List<Problem> skipped() {
        return List.copyOf(skipped);
    }

    /** Batches decoded or being decoded ahead of the consumer (never more than prefetchBatches). */
    int inFlight() {
        return inflight.size() + (ready == null ? 0 : 1);
    }

    @Override
    public boolean hasNext() {
        requireOpen();
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
    public MultiDataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches");
        }
        PreparedBatch b = ready;
        ready = null;
        consumedInEpoch = true;
        fill();
        lastIds = b.pairs().stream().map(Pair::id).toList();
        MultiDataSet mds = b.toMultiDataSet(preparer.padId(), preparer.imageSize());
        if (preProcessor != null) {
            preProcessor.preProcess(mds);
        }
        return mds;
    }

    @Override
    public MultiDataSet next(int num) {
        throw new UnsupportedOperationException("the batch size is fixed when the iterator is built ("
                + batchSize + "); call next()");
    }

    @Override
    public void reset() {
        startEpoch(consumedInEpoch ? epoch + 1 : epoch);
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** False: prefetching is built in; DL4J must not wrap this iterator in another async one. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            inflight.forEach(f -> f.cancel(true));
            inflight.clear();
            ready = null;
            WorkerThreads.shutdown(workers);
        }
    }

    /** Whether the worker threads have all ended (after {@link #close()}). */
    public boolean isTerminated() {
        return workers.isTerminated();
    }

    private void fill() {
        while (inflight.size() + (ready == null ? 0 : 1) < prefetch && nextBatch < numBatches) {
            int from = nextBatch * batchSize;
            List<Pair> slice = List.copyOf(order.subList(from, Math.min(from + batchSize, order.size())));
            inflight.addLast(workers.submit(() -> preparer.prepare(slice)));
            nextBatch++;
        }
    }

    private void record(PreparedBatch b) {
        for (Problem p : b.skipped()) {
            skipped.add(p);
            if (epoch == 0) {
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

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the pair iterator is closed");
        }
    }

    /** Settings of a {@link PairIterator}; defaults match {@code experiments/base.yaml}. */
    public static final class Builder {
        private final List<Pair> pairs;
        private final Tokenizer tokenizer;
        private final ImageTransform transform;
        private int batchSize = 16;
        private int maxLength = 128;
        private ImageDecoder decoder = new ImageDecoder();
        private ItemPolicy policy = ItemPolicy.SKIP;
        private int workers = 2;
        private int prefetchBatches = 4;
        private Long shuffleSeed;

        private Builder(List<Pair> pairs, Tokenizer tokenizer, ImageTransform transform) {
            this.pairs = pairs;
            this.tokenizer = tokenizer;
            this.transform = transform;
        }

        /** Item policy, workers and prefetch from the data section of a config. */
        public Builder config(DataConfig data) {
            return itemPolicy(data.itemPolicy()).workers(data.workers()).prefetchBatches(data.prefetchBatches());
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = positive("batch size", batchSize);
            return this;
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

        /** Shuffles every epoch from the run seed (training); without it pairs keep their order (evaluation). */
        public Builder shuffle(long seed) {
            this.shuffleSeed = seed;
            return this;
        }

        public PairIterator build() {
            return new PairIterator(this);
        }

        private static int positive(String what, int value) {
            if (value < 1) {
                throw new UserInputException(what + " must be at least 1, got " + value);
            }
            return value;
        }
    }
}
