package io.sentifuse.encoder.tfjs;

/**
 * A value of a TF.js graph model converted to ONNX: its ONNX name and its TF shape (NHWC for rank 4, which the
 * ONNX graph holds as NCHW; -1 for the batch).
 */
record GraphTensor(String name, int[] shape) {

    /** A four-dimensional feature map (NCHW in the ONNX graph). */
    boolean map() {
        return shape.length == 4;
    }
}
