package io.sentifuse.encoder.conformance;

import java.nio.file.Path;
import java.util.Set;

/**
 * One ONNX backend node test: a directory with {@code model.onnx} and {@code test_data_set_*} folders of
 * {@code input_*.pb} / {@code output_*.pb} tensors.
 *
 * @param name  directory name, e.g. {@code test_gather_negative_indices}
 * @param dir   the directory
 * @param ops   operator types of the model's nodes
 * @param opset default-domain opset of the model
 */
public record NodeTest(String name, Path dir, Set<String> ops, int opset) {
}
