package io.sentifuse.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.train.IterationStats;
import io.sentifuse.train.MetricsWriter;
import java.nio.file.Path;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stored run on DL4J's stock {@code /train} pages: its {@value MetricsWriter#ITERATIONS_FILE} replayed
 * through {@link Dl4jStatsWriter} into an in-memory stats storage attached to the server, and the lines
 * appended later (a run another process trains) added at each {@link #poll()}. The storage is made when the
 * first iteration is on disk (an empty session would only clutter the page's session list), filled before it
 * is attached (so DL4J does not route one event per replayed line), and made again from scratch when the
 * trainer rewrites its file (a resume drops the steps after its checkpoint, which the storage cannot).
 */
final class StatsReplay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatsReplay.class);

    private final UiServer server;
    private final Path dir;
    private final String sessionId;
    private JsonLinesTail tail;
    private InMemoryStatsStorage storage;
    private Dl4jStatsWriter writer;
    private long iterations;
    private boolean closed;

    /** {@code sessionId} names the run in DL4J's session list (unique among the server's sessions). */
    StatsReplay(UiServer server, Path dir, String sessionId) {
        this.server = server;
        this.dir = dir;
        this.sessionId = sessionId;
        this.tail = new JsonLinesTail(dir.resolve(MetricsWriter.ITERATIONS_FILE));
    }

    String sessionId() {
        return sessionId;
    }

    /** Iterations in the storage now. */
    synchronized long iterations() {
        return iterations;
    }

    /** Adds what was appended since the last poll (or replays the file again when it was rewritten). */
    synchronized void poll() {
        if (closed) {
            return;
        }
        JsonLinesTail.Batch batch = tail.poll();
        if (batch.restarted()) {
            LOG.info("{} was rewritten (a resumed run?); replaying it for the /train pages", tail.file());
            detach();
            tail = new JsonLinesTail(tail.file());
            batch = tail.poll();
        }
        if (batch.lines().isEmpty()) {
            return;
        }
        boolean fresh = storage == null;
        if (fresh) {
            TrainerRecords.Meta meta = TrainerRecords.meta(dir, TrainerRecords.config(dir));
            storage = new InMemoryStatsStorage();
            writer = Dl4jStatsWriter.replay(storage, sessionId, meta.system());
            // The first step's start, not the provenance's start time, which a resume moves past earlier steps.
            IterationStats first = TrainerRecords.iteration(batch.lines().get(0));
            long start = first == null || first.timestampMillis() <= 0 ? meta.startTime()
                    : first.timestampMillis() - first.millis();
            writer.start(meta.start(), start);
        }
        for (JsonNode n : batch.lines()) {
            IterationStats s = TrainerRecords.iteration(n);
            if (s != null) {
                writer.iteration(s);
                iterations++;
            }
        }
        if (fresh) {
            server.attach(storage);
        }
    }

    private void detach() {
        if (storage != null) {
            try {
                server.detach(storage);
                storage.close();
            } catch (Exception e) {
                LOG.debug("stats storage of {} did not close cleanly: {}", dir, e.toString());
            }
        }
        storage = null;
        writer = null;
        iterations = 0;
    }

    @Override
    public synchronized void close() {
        closed = true;
        detach();
    }
}
