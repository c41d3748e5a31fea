package io.sentifuse.encoder.image;

import java.util.List;
import java.util.Map;

/**
 * Runs an image model on a batch: ONNX Runtime ({@link OrtImageRunner}) or a translated SameDiff graph. The
 * reference check and the throughput benchmark take any runner, so both engines go through the same code.
 */
public interface ImageBatchRunner extends AutoCloseable {

    /**
     * The named outputs for {@code batch} images given as one NCHW float array
     * ({@code batch * 3 * size * size} values); each output comes back flattened in row-major order.
     */
    Map<String, float[]> run(float[] nchw, int batch, int size, List<String> outputs);

    /** Short engine name for reports, e.g. {@code onnxruntime}. */
    String engine();

    @Override
    void close();
}
