package io.sentifuse.bundle;

import io.sentifuse.data.Pair;
import io.sentifuse.data.PairRecordReader;
import io.sentifuse.data.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves concurrent prediction requests in batches: requests wait in a queue, one worker takes whatever is there
 * (up to {@value #MAX_BATCH}) and runs it through the {@link Predictor} as one batch, so eight clients cost about
 * one forward pass of eight pairs rather than eight passes.
 */
final class RequestBatcher implements AutoCloseable {

    static final int MAX_BATCH = 16;

    private static final Logger LOG = LoggerFactory.getLogger(RequestBatcher.class);

    /** A pair's outcome: the prediction, or the problem with its image. */
    record Outcome(Prediction prediction, Problem problem) {
    }

    private record Request(String id, String text, Path image, CompletableFuture<Outcome> result) {
    }

    private final Predictor predictor;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean closed;

    RequestBatcher(Predictor predictor) {
        this.predictor = predictor;
        this.worker = new Thread(this::work, "sentifuse-predict");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues one pair; the future completes when its batch is done (or fails with the batch's error). */
    CompletableFuture<Outcome> submit(String id, String text, Path image) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("the server is shutting down"));
            return f;
        }
        queue.add(new Request(id, text, image, f));
        return f;
    }

    private void work() {
        List<Request> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                Request first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void run(List<Request> batch) {
        List<Pair> pairs = new ArrayList<>();
        for (Request r : batch) {
            pairs.add(new Pair(r.id(), r.text(), "UTF-8", r.image(), null, null, null));
        }
        try {
            Predictor.Batch out = predictor.predict(PairRecordReader.of(pairs).records());
            for (Request r : batch) {
                Prediction p = out.predictions().stream().filter(x -> x.id().equals(r.id())).findFirst().orElse(null);
                Problem problem = out.problems().stream().filter(x -> r.id().equals(x.id())).findFirst().orElse(null);
                r.result().complete(new Outcome(p, problem));
            }
        } catch (RuntimeException e) {
            LOG.warn("a prediction batch of {} failed: {}", batch.size(), e.toString());
            batch.forEach(r -> r.result().completeExceptionally(e));
        }
    }

    /** Finishes what is queued, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            worker.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
