package io.sentifuse.encoder;

import io.sentifuse.encoder.onnx.proto.OnnxModel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import onnx.Onnx;

/**
 * Finds the embedding table that a model input indexes: the initializer read by the Gather whose indices come
 * from the input (directly or through value-preserving ops such as Cast, Reshape, Unsqueeze).
 */
public final class EmbeddingTables {

    private static final Set<String> PASS_THROUGH = Set.of("Cast", "Identity", "Reshape", "Unsqueeze", "Squeeze", "Flatten");

    private EmbeddingTables() {
    }

    /** An embedding table: its initializer name and shape [rows, width]. */
    public record Table(String initializer, long rows, long width) {
    }

    public static Optional<Table> forInput(OnnxModel model, String input) {
        Set<String> reach = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(input);
        reach.add(input);
        while (!todo.isEmpty()) {
            String t = todo.pop();
            for (Onnx.NodeProto n : model.graph().getNodeList()) {
                if (n.getInputCount() == 0 || !n.getInputList().contains(t)) {
                    continue;
                }
                if (n.getOpType().equals("Gather") && n.getInputCount() > 1 && n.getInput(1).equals(t)) {
                    Optional<Table> table = initializer(model, n.getInput(0));
                    if (table.isPresent()) {
                        return table;
                    }
                }
                if (PASS_THROUGH.contains(n.getOpType()) && n.getInput(0).equals(t) && reach.add(n.getOutput(0))) {
                    todo.add(n.getOutput(0));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Table> initializer(OnnxModel model, String name) {
        for (Onnx.TensorProto t : model.graph().getInitializerList()) {
            if (t.getName().equals(name) && t.getDimsCount() == 2) {
                return Optional.of(new Table(name, t.getDims(0), t.getDims(1)));
            }
        }
        return Optional.empty();
    }
}
