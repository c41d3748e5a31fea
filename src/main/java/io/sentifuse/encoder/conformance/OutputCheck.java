package io.sentifuse.encoder.conformance;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Compares an output with the expected tensor: same element type, same shape, and values equal
 * (integers, booleans) or within {@code atol + rtol * |expected|} (floating point; NaN matches NaN and
 * infinities must match exactly).
 */
public final class OutputCheck {

    private OutputCheck() {
    }

    /** Null when {@code actual} matches, else what differs. */
    public static String compare(INDArray expected, INDArray actual, double tolerance) {
        if (actual == null) {
            return "no value computed";
        }
        if (expected.dataType() != actual.dataType()) {
            return "element type " + actual.dataType() + ", expected " + expected.dataType();
        }
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            return "shape " + Arrays.toString(actual.shape()) + ", expected " + Arrays.toString(expected.shape());
        }
        if (expected.isEmpty()) {
            return null;
        }
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        boolean exact = !expected.dataType().isFPType();
        double worst = 0;
        int worstAt = -1;
        for (int k = 0; k < e.length; k++) {
            double d = Math.abs(a[k] - e[k]);
            boolean ok;
            if (Double.isNaN(e[k]) || Double.isNaN(a[k])) {
                ok = Double.isNaN(e[k]) && Double.isNaN(a[k]);
            } else if (Double.isInfinite(e[k]) || Double.isInfinite(a[k])) {
                ok = e[k] == a[k];
            } else {
                ok = exact ? d == 0 : d <= tolerance + tolerance * Math.abs(e[k]);
            }
            if (!ok && (worstAt < 0 || d > worst || Double.isNaN(d))) {
                worst = d;
                worstAt = k;
            }
        }
        if (worstAt < 0) {
            return null;
        }
        return "value " + a[worstAt] + " at flat index " + worstAt + ", expected " + e[worstAt]
                + " (|diff| " + String.format("%.3g", worst) + ")";
    }

    /** Largest absolute difference over all elements (both must have the same shape). */
    public static double maxAbsDiff(INDArray expected, INDArray actual) {
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double worst = 0;
        for (int k = 0; k < e.length; k++) {
            worst = Math.max(worst, Math.abs(a[k] - e[k]));
        }
        return worst;
    }
}
