package io.sentifuse.encoder;

import io.sentifuse.encoder.cache.CacheEntry;
import java.nio.file.Path;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;

/**
 * A translated graph that matched ONNX Runtime.
 *
 * @param sd        the graph
 * @param entry     its metadata: variable names, verification figures
 * @param cached    loaded from the cache (true) or translated and verified now (false)
 * @param graphFile the cached graph file
 */
public record VerifiedGraph(SameDiff sd, CacheEntry entry, boolean cached, Path graphFile) {

    /**
     * Frees the arrays SameDiff keeps between calls: each thread's session caches released arrays for reuse, up to a
     * quarter of JavaCPP's byte limit (here ~1.5 GiB per session), and off-heap memory waits for the collector
     * otherwise. A later run allocates them again.
     */
    public void releaseSessions() {
        for (InferenceSession session : sd.getSessions().values()) {
            session.getMmgr().close();
        }
        sd.getSessions().clear();
    }
}
