package io.sentifuse.system;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;

/**
 * An inference session that works out which part of the graph a set of requested outputs needs once per set, not
 * on every call.
 *
 * <p>Why: ND4J M2.1's session walks back from the requested outputs through every variable before each call
 * ({@code initSubgraph}), looking each op up through a regular expression ({@code VariableUtils.stripVarSuffix}).
 * For a training step, whose outputs are the loss and every parameter's gradient, that walk was about a third of
 * the Java time of a {@code cmac} step (Java Flight Recorder), repeated identically each step. The walk depends on
 * the graph's structure alone, so its result (the variables, the ops, the ops without inputs) is kept per set of
 * outputs and restored in the order the walk produced it. A graph that gained or lost variables or ops since is
 * walked again; one rewired without changing those counts (a renamed variable, a replaced op input) is not, so code
 * that rewires a graph after running it must drop its sessions ({@code sd.getSessions().clear()}), as SameDiff's own
 * conversions and {@code VerifiedGraph} do.
 */
public final class SubgraphSession extends InferenceSession {

    private record Walk(int ops, int variables, Set<String> subgraph, Set<String> subgraphOps,
                        Set<String> zeroInputOps) {
    }

    private final Map<Set<String>, Walk> walks = new HashMap<>();
    private int walksDone;

    private SubgraphSession(SameDiff sd) {
        super(sd);
    }

    /**
     * The session {@code sd} runs on this thread, made a {@link SubgraphSession} if it is not one yet (an existing
     * session's memory manager carries over).
     */
    public static InferenceSession install(SameDiff sd) {
        return sd.getSessions().compute(Thread.currentThread().getId(), (k, s) -> {
            if (s instanceof SubgraphSession) {
                return s;
            }
            SubgraphSession session = new SubgraphSession(sd);
            if (s != null) {
                session.getMmgr().close();
                session.setMmgr(s.getMmgr());
            }
            return session;
        });
    }

    /** Graph walks done so far (a call that found its walk kept does none). */
    int walksDone() {
        return walksDone;
    }

    @Override
    protected void initSubgraph(Set<String> variables) {
        int ops = sameDiff.getOps().size();
        int vars = sameDiff.getVariables().size();
        Walk w = walks.get(variables);
        if (w == null || w.ops() != ops || w.variables() != vars) {
            // the caller clears subgraph and subgraphOps first; zeroInputOpsInSubgraph it never clears, only adds to
            super.initSubgraph(variables);
            walksDone++;
            w = new Walk(ops, vars, new LinkedHashSet<>(subgraph), new LinkedHashSet<>(subgraphOps),
                    new LinkedHashSet<>(zeroInputOpsInSubgraph));
            walks.put(Set.copyOf(variables), w);
            return;
        }
        subgraph.addAll(w.subgraph());
        subgraphOps.addAll(w.subgraphOps());
        zeroInputOpsInSubgraph.addAll(w.zeroInputOps());
    }
}
