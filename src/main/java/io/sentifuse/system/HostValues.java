package io.sentifuse.system;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Copies runs of values between Java arrays and a dense array's buffer, by flat (c-order) index. On the CPU
 * backend a run is one native copy through the buffer's pointer (no ND4J operation, no temporary array); on any
 * other backend (CUDA), where that pointer is a host copy ND4J does not keep in step with the device, the same
 * copy goes through ND4J's indexing, slower but correct.
 *
 * <p>Only for dense arrays: c-ordered, not a view, no offset, buffer length = array length ({@link #isDense}).
 */
public final class HostValues {

    private final boolean direct;

    private HostValues(boolean direct) {
        this.direct = direct;
    }

    /** The backend does not change while the process runs: asked once, when first needed. */
    private static final class Backend {
        static final HostValues VALUES = new HostValues(Nd4j.getEnvironment().isCPU());
    }

    /** Native copies on the CPU backend, ND4J indexing elsewhere. */
    public static HostValues forBackend() {
        return Backend.VALUES;
    }

    /** Always through ND4J's indexing (what non-CPU backends use; tests compare the two on the CPU). */
    public static HostValues portable() {
        return new HostValues(false);
    }

    /** Whether {@code a}'s values are its whole buffer, in c order from the start. */
    public static boolean isDense(INDArray a) {
        return !a.isEmpty() && !a.isView() && a.ordering() == 'c' && a.offset() == 0
                && a.data().length() == a.length();
    }

    /** {@code dst[0..len)} = FLOAT array {@code a}'s values {@code [from, from + len)}. */
    public void read(INDArray a, long from, float[] dst, int len) {
        if (direct) {
            at(new FloatPointer(a.data().pointer()), from).get(dst, 0, len);
        } else {
            float[] v = flat(a, from, len).toFloatVector();
            System.arraycopy(v, 0, dst, 0, len);
        }
    }

    /** {@code dst[0..len)} = DOUBLE array {@code a}'s values {@code [from, from + len)}. */
    public void read(INDArray a, long from, double[] dst, int len) {
        if (direct) {
            at(new DoublePointer(a.data().pointer()), from).get(dst, 0, len);
        } else {
            double[] v = flat(a, from, len).toDoubleVector();
            System.arraycopy(v, 0, dst, 0, len);
        }
    }

    /** FLOAT array {@code a}'s values {@code [from, from + len)} = {@code src[0..len)}. */
    public void write(INDArray a, long from, float[] src, int len) {
        if (direct) {
            at(new FloatPointer(a.data().pointer()), from).put(src, 0, len);
        } else {
            try (INDArray values = Nd4j.createFromArray(Arrays.copyOf(src, len))) {
                flat(a, from, len).assign(values);
            }
        }
    }

    /** DOUBLE array {@code a}'s values {@code [from, from + len)} = {@code src[0..len)}. */
    public void write(INDArray a, long from, double[] src, int len) {
        if (direct) {
            at(new DoublePointer(a.data().pointer()), from).put(src, 0, len);
        } else {
            try (INDArray values = Nd4j.createFromArray(Arrays.copyOf(src, len))) {
                flat(a, from, len).assign(values);
            }
        }
    }

    private static INDArray flat(INDArray a, long from, int len) {
        return a.reshape('c', new long[] {a.length()}).get(NDArrayIndex.interval(from, from + len));
    }

    /** A copy of {@code pointer} moved {@code by} elements on (the buffer's own pointer is shared: never moved). */
    private static <P extends Pointer> P at(P pointer, long by) {
        return pointer.position(pointer.position() + by);
    }
}
