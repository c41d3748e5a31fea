package io.sentifuse.encoder.image;

import onnx.Onnx.ModelProto;

/**
 * An image model ready for the encoder: the ONNX graph with its features exposed as outputs (what ONNX Runtime
 * and the SameDiff translation both run) and its description.
 *
 * @param source where it came from (a file, or the nsfwjs tarball entry), for messages and provenance
 * @param model  the rewritten ONNX model
 * @param spec   input, feature outputs and transform
 * @param taps   how the features were found
 */
public record PreparedImageModel(String source, ModelProto model, ImageModelSpec spec, FeatureTaps taps) {
}
