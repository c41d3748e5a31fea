/**
 * ONNX to SameDiff translation on SameDiff's public op API. {@link io.sentifuse.encoder.onnx.OnnxTranslator}
 * walks the graph once; each ONNX operator type has one opset-aware {@link io.sentifuse.encoder.onnx.ops.OpMapper}
 * in {@link io.sentifuse.encoder.onnx.ops}, registered in {@link io.sentifuse.encoder.onnx.OpRegistry}.
 * Values whose contents are known while translating (initializers kept as constants, shape arithmetic on
 * static dimensions) are folded instead of becoming graph ops; everything else stays dynamic, so batch size
 * and sequence length may change from one call to the next. With {@link TranslationOptions#fuse()} (the
 * default), patterns are rewritten into faster forms with the same values, weights and gradients
 * ({@link io.sentifuse.encoder.onnx.LayerNormFusion}, {@link io.sentifuse.encoder.onnx.ops.ConvBnFusion}, depthwise
 * convolutions as shifted products where the ND4J build has no oneDNN ({@link TranslationOptions.Depthwise}),
 * TensorFlow-SAME padding inside the convolution, Clip(0, 6) as relu6).
 */
package io.sentifuse.encoder.onnx;
