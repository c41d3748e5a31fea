package io.sentifuse.tune;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * An Arbiter candidate generator that passes on only candidates whose settings differ from every earlier one, at
 * most {@code max} of them, numbered 0, 1, 2 ... in the order it passes them. Draws repeat when a grid crosses a
 * setting with heads that ignore it, or when random search runs out of distinct choices; a repeat would train the
 * same runs again. When {@value #MAX_SKIPS} draws in a row repeat, the space is taken as exhausted.
 */
public final class DistinctCandidates implements CandidateGenerator {

    /** Consecutive repeated draws after which the space counts as exhausted. */
    static final int MAX_SKIPS = 2_000;

    @JsonProperty
    private CandidateGenerator generator;
    @JsonProperty
    private int max;
    private transient Set<Map<String, Object>> seen = new HashSet<>();
    private transient Deque<Candidate> ahead = new ArrayDeque<>();
    private transient int passed;

    /** For Arbiter's JSON reader. */
    private DistinctCandidates() {
    }

    public DistinctCandidates(CandidateGenerator generator, int max) {
        this.generator = generator;
        this.max = max;
    }

    @Override
    public synchronized boolean hasMoreCandidates() {
        if (passed >= max) {
            return false;
        }
        if (!ahead.isEmpty()) {
            return true;
        }
        int skips = 0;
        while (generator.hasMoreCandidates() && skips < MAX_SKIPS) {
            Candidate c = generator.getCandidate();
            if (c.getException() != null) {
                ahead.add(c);
                return true;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> value = (Map<String, Object>) c.getValue();
            if (seen.add(value)) {
                ahead.add(c);
                return true;
            }
            skips++;
        }
        return false;
    }

    @Override
    public synchronized Candidate getCandidate() {
        if (!hasMoreCandidates()) {
            throw new IllegalStateException("no more distinct candidates (" + passed + " passed on)");
        }
        Candidate c = ahead.removeFirst();
        c.setIndex(passed++);
        return c;
    }

    @Override
    public void reportResults(OptimizationResult result) {
        generator.reportResults(result);
    }

    @Override
    public ParameterSpace<?> getParameterSpace() {
        return generator.getParameterSpace();
    }

    @Override
    public void setRngSeed(long seed) {
        generator.setRngSeed(seed);
    }

    @Override
    public Class<?> getCandidateType() {
        return generator.getCandidateType();
    }
}
