package io.sentifuse.encoder.onnx;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A model translated into a SameDiff graph.
 *
 * @param sd      the graph (shared with the caller when the translation targeted an existing one)
 * @param inputs  the variables that feed the model's graph inputs, by ONNX input name (placeholders unless the
 *                caller supplied variables)
 * @param outputs the variables of the model's graph outputs, by ONNX output name
 * @param weights names of the trainable SameDiff variables made from initializers, by ONNX initializer name
 * @param ops     number of SameDiff ops the translation added
 */
public record Translation(SameDiff sd, Map<String, SDVariable> inputs, Map<String, SDVariable> outputs,
                          Map<String, String> weights, int ops) {

    public SDVariable output(String onnxName) {
        SDVariable v = outputs.get(onnxName);
        if (v == null) {
            throw new IllegalArgumentException("the model has no output '" + onnxName + "'; outputs: " + outputs.keySet());
        }
        return v;
    }

    public List<String> weightVariables() {
        return List.copyOf(weights.values());
    }
}
