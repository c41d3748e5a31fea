/**
 * The image encoder's model description: which graph input takes images, which outputs hold the pooled feature
 * vector and the last spatial feature map (found by graph analysis and exposed as extra outputs for any CNN
 * ONNX), the model's own input transform, the pretrained default (nsfwjs MobileNetV2 converted from TF.js), its
 * check against nsfwjs's own outputs, and batch runners on ONNX Runtime and on a translated SameDiff graph with
 * the throughput measurement that compares them. The encoder itself ({@code encoder.ImageEncoder}) puts these
 * models on the translator.
 */
package io.sentifuse.encoder.image;
