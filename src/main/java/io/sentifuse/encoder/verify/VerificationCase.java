package io.sentifuse.encoder.verify;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One set of generated inputs.
 *
 * @param name   what it is, e.g. {@code "8x32 padded"}
 * @param shape  the input shape it exercises, e.g. {@code "8x32"}
 * @param inputs values by ONNX input name
 * @param mask   [batch, length] 1 for real tokens, 0 for padding (text models), or null: outputs whose leading
 *               dimensions are [batch, length] are then compared on real tokens only
 */
public record VerificationCase(String name, String shape, Map<String, INDArray> inputs, INDArray mask) {
}
