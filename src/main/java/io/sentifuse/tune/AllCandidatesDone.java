package io.sentifuse.tune;

import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;

/**
 * Ends a search when no candidate is left to draw and none is running. Arbiter's own conditions count candidates
 * or time; without this one a grid smaller than the budget would keep its runner polling forever.
 */
public final class AllCandidatesDone implements TerminationCondition {

    @Override
    public void initialize(IOptimizationRunner runner) {
        // nothing to set up
    }

    @Override
    public boolean terminate(IOptimizationRunner runner) {
        return !runner.getConfiguration().getCandidateGenerator().hasMoreCandidates()
                && runner.numCandidatesQueued() == 0;
    }

    @Override
    public String toString() {
        return "AllCandidatesDone";
    }
}
