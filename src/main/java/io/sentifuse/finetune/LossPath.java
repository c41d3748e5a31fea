package io.sentifuse.finetune;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;

/**
 * The variables a value is computed from. An imported CNN carries its own classifier (nsfwjs's Dense layers
 * behind the pooled features); those weights never reach the fusion loss, SameDiff returns no gradient for
 * them, and the optimiser must leave them out.
 */
final class LossPath {

    private LossPath() {
    }

    /** Names of every variable {@code output} depends on (itself included). */
    static Set<String> variables(SameDiff sd, String output) {
        Map<String, Variable> vars = sd.getVariables();
        Map<String, SameDiffOp> ops = sd.getOps();
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(output);
        seen.add(output);
        while (!todo.isEmpty()) {
            Variable v = vars.get(todo.pop());
            String producer = v == null ? null : v.getOutputOfOp();
            SameDiffOp op = producer == null ? null : ops.get(producer);
            if (op == null || op.getInputsToOp() == null) {
                continue;
            }
            for (String in : op.getInputsToOp()) {
                if (seen.add(in)) {
                    todo.add(in);
                }
            }
        }
        return seen;
    }
}
