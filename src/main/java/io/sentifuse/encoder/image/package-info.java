/**
 * The image encoder's model description: which graph input takes images, which outputs hold the pooled feature
 * vector and the last spatial feature map (found by graph analysis and exposed as extra outputs for any CNN
 * ONNX), the model's own input transform, the pretrained default (nsfwjs MobileNetV2 converted from TF.js), its
 * check against nsfwjs's own outputs, and the ONNX Runtime runner and throughput measurement.
 */
package io.sentifuse.encoder.image;
