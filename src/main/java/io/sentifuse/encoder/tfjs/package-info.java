/**
 * TensorFlow.js layers models (Keras topology JSON + weight manifest and shards) to ONNX: reading the files
 * (plain {@code model.json} + binary shards, or the {@code .min.js} loader bundles nsfwjs ships), dequantising
 * the weights, and converting each Keras layer to ONNX opset-13 nodes in NCHW layout with TF's padding
 * semantics reproduced exactly. Also fetching npm tarballs ({@code npm pack}) with integrity checks, which is
 * how the pretrained nsfwjs models arrive.
 */
package io.sentifuse.encoder.tfjs;
