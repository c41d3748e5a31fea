/**
 * One {@link io.sentifuse.encoder.onnx.ops.OpMapper} per ONNX operator type (element-wise math shares
 * {@link io.sentifuse.encoder.onnx.ops.Unary} and {@link io.sentifuse.encoder.onnx.ops.Binary}). Each mapper
 * implements the operator's ONNX semantics for every opset it accepts: numpy broadcasting, negative and
 * default axes, attributes that became inputs, padding modes. ONNX's own backend node tests check them
 * ({@link io.sentifuse.encoder.conformance}).
 */
package io.sentifuse.encoder.onnx.ops;
