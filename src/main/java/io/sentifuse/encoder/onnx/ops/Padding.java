package io.sentifuse.encoder.onnx.ops;

import java.util.Arrays;

/**
 * Explicit begin/end padding of a convolution or pooling window from ONNX's {@code pads} / {@code auto_pad}
 * attributes: NOTSET uses {@code pads}, VALID none, SAME_UPPER / SAME_LOWER pad so that the output has
 * ceil(in / stride) positions, with the odd element at the end (UPPER) or the beginning (LOWER).
 */
final class Padding {

    final long[] begin;
    final long[] end;

    private Padding(long[] begin, long[] end) {
        this.begin = begin;
        this.end = end;
    }

    static Padding resolve(NodeContext ctx, long[] in, long[] kernel, long[] strides, long[] dilations) {
        int n = kernel.length;
        String mode = ctx.attrs().s("auto_pad", "NOTSET");
        long[] b = new long[n];
        long[] e = new long[n];
        switch (mode) {
            case "NOTSET" -> {
                long[] pads = ctx.attrs().ints("pads");
                if (pads != null) {
                    if (pads.length != 2 * n) {
                        throw ctx.error("pads has " + pads.length + " values, expected " + 2 * n);
                    }
                    System.arraycopy(pads, 0, b, 0, n);
                    System.arraycopy(pads, n, e, 0, n);
                }
            }
            case "VALID" -> {
                // no padding
            }
            case "SAME_UPPER", "SAME_LOWER" -> {
                for (int k = 0; k < n; k++) {
                    if (in[k] < 0) {
                        throw ctx.error("auto_pad " + mode + " needs the spatial size of the input, which is only known at run time");
                    }
                    long total = sameTotal(in[k], kernel[k], strides[k], dilations[k]);
                    long small = total / 2;
                    b[k] = mode.equals("SAME_UPPER") ? small : total - small;
                    e[k] = total - b[k];
                }
            }
            default -> throw ctx.error("auto_pad '" + mode + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
        }
        return new Padding(b, e);
    }

    /** The padding SAME needs along one axis of size {@code in}: ceil(in / stride) outputs. */
    private static long sameTotal(long in, long kernel, long stride, long dilation) {
        long out = (in + stride - 1) / stride;
        return Math.max(0, (out - 1) * stride + (kernel - 1) * dilation + 1 - in);
    }

    boolean none() {
        return Arrays.stream(begin).allMatch(p -> p == 0) && Arrays.stream(end).allMatch(p -> p == 0);
    }

    /**
     * Whether this is the padding of ONNX's SAME_UPPER (TensorFlow's SAME) for an input of spatial size {@code in}:
     * ceil(in / stride) outputs, the odd element at the end. ND4J's SAME mode pads exactly so.
     */
    boolean isSameUpper(long[] in, long[] kernel, long[] strides, long[] dilations) {
        for (int k = 0; k < begin.length; k++) {
            if (in[k] < 0) {
                return false;
            }
            long total = sameTotal(in[k], kernel[k], strides[k], dilations[k]);
            if (begin[k] != total / 2 || end[k] != total - total / 2) {
                return false;
            }
        }
        return true;
    }

    boolean symmetric() {
        return Arrays.equals(begin, end);
    }

    /** ND4J pad spec [rank][2] for an N, C, spatial... tensor. */
    long[][] spec() {
        long[][] p = new long[begin.length + 2][2];
        for (int k = 0; k < begin.length; k++) {
            p[k + 2][0] = begin[k];
            p[k + 2][1] = end[k];
        }
        return p;
    }

    /** Attribute with one value per spatial axis, or {@code def} everywhere. */
    static long[] perAxis(NodeContext ctx, String name, int n, long def) {
        long[] v = ctx.attrs().ints(name);
        if (v == null || v.length == 0) {
            long[] out = new long[n];
            Arrays.fill(out, def);
            return out;
        }
        if (v.length != n) {
            throw ctx.error(name + " has " + v.length + " values, expected " + n);
        }
        return v;
    }
}
