/**
 * Writing and editing ONNX models in Java with the {@code onnx.Onnx} protobuf classes of nd4j-api
 * (protobuf shaded under {@code org.nd4j.shade.protobuf}): a graph builder, attribute and tensor helpers,
 * and file reading/writing with clear errors. Used by the TF.js converter, the ResNet fixtures and the
 * image-model output rewrite.
 */
package io.sentifuse.encoder.onnxbuild;
