package io.sentifuse.encoder.onnx.ops;

import java.util.Arrays;

/** Static shape arithmetic on partial shapes (null = rank unknown, -1 = dimension known only at run time). */
public final class Shapes {

    private Shapes() {
    }

    /** Numpy (multidirectional) broadcasting of two partial shapes. */
    public static long[] broadcast(long[] a, long[] b) {
        if (a == null || b == null) {
            return null;
        }
        int r = Math.max(a.length, b.length);
        long[] out = new long[r];
        for (int k = 0; k < r; k++) {
            long x = k - (r - a.length) >= 0 ? a[k - (r - a.length)] : 1;
            long y = k - (r - b.length) >= 0 ? b[k - (r - b.length)] : 1;
            if (x == 1) {
                out[k] = y;
            } else if (y == 1) {
                out[k] = x;
            } else if (x == -1 || y == -1) {
                out[k] = Math.max(x, y) > 1 ? Math.max(x, y) : -1;
            } else if (x == y) {
                out[k] = x;
            } else {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast");
            }
        }
        return out;
    }

    public static long[] broadcastAll(long[]... shapes) {
        long[] out = shapes[0];
        for (int k = 1; k < shapes.length; k++) {
            out = broadcast(out, shapes[k]);
        }
        return out;
    }

    /** Product of dimensions [from, to), or -1 when any of them is unknown. */
    public static long product(long[] shape, int from, int to) {
        long p = 1;
        for (int k = from; k < to; k++) {
            if (shape[k] < 0) {
                return -1;
            }
            p *= shape[k];
        }
        return p;
    }

    public static boolean isStatic(long[] shape) {
        return shape != null && Arrays.stream(shape).allMatch(d -> d >= 0);
    }

    /** Number of dimensions not known statically. */
    public static int unknownCount(long[] shape) {
        return (int) Arrays.stream(shape).filter(d -> d < 0).count();
    }

    /** A shape with {@code axis} removed. */
    public static long[] remove(long[] shape, int... axes) {
        if (shape == null) {
            return null;
        }
        long[] out = new long[shape.length - axes.length];
        int j = 0;
        outer:
        for (int k = 0; k < shape.length; k++) {
            for (int a : axes) {
                if (a == k) {
                    continue outer;
                }
            }
            out[j++] = shape[k];
        }
        return out;
    }

    /** A shape with reduced axes set to 1 (keepdims) or removed. */
    public static long[] reduce(long[] shape, int[] axes, boolean keepDims) {
        if (shape == null) {
            return null;
        }
        if (!keepDims) {
            return remove(shape, axes);
        }
        long[] out = shape.clone();
        for (int a : axes) {
            out[a] = 1;
        }
        return out;
    }

    public static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    public static long[] unknown(int rank) {
        long[] s = new long[rank];
        Arrays.fill(s, -1);
        return s;
    }
}
