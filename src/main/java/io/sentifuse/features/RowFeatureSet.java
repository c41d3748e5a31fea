package io.sentifuse.features;

import io.sentifuse.system.HostValues;
import java.util.Arrays;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link FeatureSet} whose examples can be copied out row by row (Java arrays, memory-mapped files). This
 * class does the one job every such set shares: assembling mini-batches, with token states padded to the
 * batch's longest sequence and their mask.
 */
public abstract class RowFeatureSet implements FeatureSet {

    /** Copies the pooled text vector of example {@code i} ({@code dims().textDim()} floats) to {@code dst[off..]}. */
    protected abstract void copyTextPooled(int i, float[] dst, int off);

    /** Real tokens of example {@code i} (1..{@code dims().maxTokens()}); only called when token states are held. */
    protected abstract int tokenCount(int i);

    /** Copies the {@code tokenCount(i) x textDim} token states of example {@code i}, row-major. */
    protected abstract void copyTokens(int i, float[] dst, int off);

    /** Copies the pooled image vector of example {@code i} ({@code dims().imageDim()} floats). */
    protected abstract void copyImagePooled(int i, float[] dst, int off);

    /** Copies the {@code regions x imageDim} region vectors of example {@code i}, row-major. */
    protected abstract void copyRegions(int i, float[] dst, int off);

    /** Copies one example's values of one kind to {@code dst[off..]}. */
    @FunctionalInterface
    private interface RowCopy {
        void copy(int example, float[] dst, int off);
    }

    @Override
    public void forEachExample(FeatureKind kind, VectorSink sink) {
        checkHeld(kind);
        FeatureDims dims = dims();
        switch (kind) {
            case TEXT_POOLED -> each(sink, dims.textDim(), i -> 1, this::copyTextPooled);
            case IMAGE_POOLED -> each(sink, dims.imageDim(), i -> 1, this::copyImagePooled);
            case IMAGE_REGIONS -> each(sink, dims.imageDim(), i -> dims.regions(), this::copyRegions);
            case TEXT_TOKENS -> each(sink, dims.textDim(), this::tokenCount, this::copyTokens);
        }
    }

    private void each(VectorSink sink, int width, IntUnaryOperator rows, RowCopy copy) {
        int[] all = IntStream.range(0, size()).toArray();
        visit(all, i -> rows.applyAsInt(i) * width, copy, (r, values, n) -> sink.accept(values, n / width, width));
    }

    /** Receives the values of the {@code r}-th visited example: {@code values[0..n)}, reused for the next one. */
    @FunctionalInterface
    private interface Visit {
        void accept(int r, float[] values, int n);
    }

    /** Copies each example of {@code examples} ({@code length(i)} values) into one reused array, in order. */
    private static void visit(int[] examples, IntUnaryOperator length, RowCopy copy, Visit visit) {
        float[] values = new float[0];
        for (int r = 0; r < examples.length; r++) {
            int n = length.applyAsInt(examples[r]);
            if (values.length < n) {
                values = new float[n];
            }
            copy.copy(examples[r], values, 0);
            visit.accept(r, values, n);
        }
    }

    private void checkHeld(FeatureKind k) {
        if (!kinds().contains(k)) {
            throw new IllegalArgumentException("feature kind " + k + " was asked for but this set holds only "
                    + kinds());
        }
    }

    @Override
    public FeatureBatch batch(int[] indices, Set<FeatureKind> wanted) {
        wanted.forEach(this::checkHeld);
        FeatureDims dims = dims();
        int b = indices.length;
        String[] batchIds = new String[b];
        int[] batchLabels = new int[b];
        for (int r = 0; r < b; r++) {
            batchIds[r] = id(indices[r]);
            batchLabels[r] = label(indices[r]).index();
        }
        INDArray tp = wanted.contains(FeatureKind.TEXT_POOLED)
                ? rows(indices, new long[] {b, dims.textDim()}, i -> dims.textDim(), this::copyTextPooled) : null;
        INDArray ip = wanted.contains(FeatureKind.IMAGE_POOLED)
                ? rows(indices, new long[] {b, dims.imageDim()}, i -> dims.imageDim(), this::copyImagePooled) : null;
        INDArray ir = wanted.contains(FeatureKind.IMAGE_REGIONS)
                ? rows(indices, new long[] {b, dims.regions(), dims.imageDim()},
                        i -> dims.regions() * dims.imageDim(), this::copyRegions)
                : null;
        INDArray tt = null;
        INDArray tm = null;
        if (wanted.contains(FeatureKind.TEXT_TOKENS)) {
            int[] counts = new int[b];
            int t = 0;
            for (int r = 0; r < b; r++) {
                counts[r] = tokenCount(indices[r]);
                t = Math.max(t, counts[r]);
            }
            int d = dims.textDim();
            float[] mask = new float[b * t];
            for (int r = 0; r < b; r++) {
                Arrays.fill(mask, r * t, r * t + counts[r], 1f);
            }
            tt = rows(indices, new long[] {b, t, d}, i -> tokenCount(i) * d, this::copyTokens);
            tm = Nd4j.create(mask, new long[] {b, t}, DataType.FLOAT);
        }
        return new FeatureBatch(batchIds, batchLabels, tp, tt, tm, ip, ir);
    }

    /**
     * A zero-filled FLOAT array of {@code shape} whose row {@code r} starts with the {@code length(indices[r])}
     * values of example {@code indices[r]}. Rows are copied into the array's buffer one by one: a whole batch as
     * one Java array (4 MB for 16 examples' regions) was a humongous object for G1, and a 1-epoch {@code hstec} run
     * collected 108 times for such allocations.
     */
    private static INDArray rows(int[] indices, long[] shape, IntUnaryOperator length, RowCopy copy) {
        INDArray out = Nd4j.create(DataType.FLOAT, shape);
        if (out.isEmpty()) {
            return out;
        }
        long stride = out.length() / shape[0];
        HostValues host = HostValues.forBackend();
        visit(indices, length, copy, (r, values, n) -> host.write(out, r * stride, values, n));
        return out;
    }
}
