/**
 * ONNX files as the translator reads them: the parsed model with its initializers and value infos
 * ({@link io.sentifuse.encoder.onnx.proto.OnnxModel}), tensors to and from ND4J arrays
 * ({@link io.sentifuse.encoder.onnx.proto.OnnxTensors}) and node attributes
 * ({@link io.sentifuse.encoder.onnx.proto.Attributes}), on the ONNX protobuf classes that ship in nd4j-api.
 */
package io.sentifuse.encoder.onnx.proto;
