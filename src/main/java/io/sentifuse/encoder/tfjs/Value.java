package io.sentifuse.encoder.tfjs;

import java.util.Arrays;

/**
 * A tensor during conversion. {@code shape} is Keras's, without the batch dimension (e.g. {@code [224, 224, 3]});
 * rank-3 values live in ONNX as NCHW {@code [N, C, H, W]}, every other rank in Keras's own order
 * {@code [N, ...]}. A value produced by {@code ZeroPadding2D} may still owe its padding: {@code pads}
 * (top, left, bottom, right) are applied by the convolution that reads it, or by a Pad node otherwise.
 *
 * @param name  the ONNX value holding the (unpadded) data
 * @param shape Keras shape after any pending padding
 * @param pads  pending zero padding, or null
 */
record Value(String name, int[] shape, int[] pads) {

    Value(String name, int... shape) {
        this(name, shape, null);
    }

    boolean image() {
        return shape.length == 3;
    }

    int height() {
        return shape[0];
    }

    int width() {
        return shape[1];
    }

    int channels() {
        return shape[shape.length - 1];
    }

    /** The ONNX axis of Keras axis {@code axis} (negative counts from the end; 0 is the batch). */
    int onnxAxis(int axis) {
        int rank = shape.length + 1;
        int k = axis < 0 ? axis + rank : axis;
        if (k <= 0 || k >= rank) {
            throw new IllegalArgumentException("axis " + axis + " out of range for shape " + Arrays.toString(shape));
        }
        if (!image()) {
            return k;
        }
        return k == 3 ? 1 : k + 1;
    }

    /** ONNX dims for a graph output/input, with a symbolic batch. */
    Object[] onnxDims(String batch) {
        Object[] dims = new Object[shape.length + 1];
        dims[0] = batch;
        if (image()) {
            dims[1] = (long) shape[2];
            dims[2] = (long) shape[0];
            dims[3] = (long) shape[1];
        } else {
            for (int i = 0; i < shape.length; i++) {
                dims[i + 1] = (long) shape[i];
            }
        }
        return dims;
    }
}
