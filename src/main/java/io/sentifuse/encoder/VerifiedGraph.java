package io.sentifuse.encoder;

import io.sentifuse.encoder.cache.CacheEntry;
import java.nio.file.Path;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A translated graph that matched ONNX Runtime.
 *
 * @param sd        the graph
 * @param entry     its metadata: variable names, verification figures
 * @param cached    loaded from the cache (true) or translated and verified now (false)
 * @param graphFile the cached graph file
 */
public record VerifiedGraph(SameDiff sd, CacheEntry entry, boolean cached, Path graphFile) {
}
