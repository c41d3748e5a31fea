package io.sentifuse.tune;

import io.sentifuse.fusion.FusionHeads;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.AbstractParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A sweep's search space as Arbiter sees it: one leaf space per searched setting (what the candidate generators
 * draw from) and, as the value of a draw, the candidate's settings over the base experiment in order: the head
 * first, then every other setting that head reads ({@link SweepParameter#appliesTo}). Its fields are plain, so
 * Arbiter's JSON form of the search (what its UI page reads back) holds it.
 */
public final class CandidateSpace extends AbstractParameterSpace<Map<String, Object>> {

    @JsonProperty
    private List<String> keys;
    @JsonProperty
    private List<ParameterSpace<?>> leaves;
    /** Per key, the heads that draw it (empty: every head). */
    @JsonProperty
    private List<List<String>> headsPerKey;
    @JsonProperty
    private String baseHead;

    /** For Arbiter's JSON reader. */
    private CandidateSpace() {
    }

    /** The space of {@code parameters} (head first, as {@link SweepFile} orders them) over a base with {@code baseHead}. */
    public CandidateSpace(List<SweepParameter> parameters, String baseHead) {
        this.keys = new ArrayList<>();
        this.leaves = new ArrayList<>();
        this.headsPerKey = new ArrayList<>();
        this.baseHead = baseHead;
        List<String> allHeads = new ArrayList<>(FusionHeads.names());
        for (SweepParameter p : parameters) {
            keys.add(p.key());
            leaves.add(p.newSpace());
            List<String> heads = new ArrayList<>();
            for (String h : allHeads) {
                if (p.appliesTo(h)) {
                    heads.add(h);
                }
            }
            headsPerKey.add(heads.size() == allHeads.size() ? List.of() : heads);
        }
    }

    @Override
    public Map<String, Object> getValue(double[] parameterValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        String head = baseHead;
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).equals(SweepParameter.HEAD_KEY)) {
                head = String.valueOf(leaves.get(i).getValue(parameterValues));
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            List<String> heads = headsPerKey.get(i);
            if (heads.isEmpty() || heads.contains(head)) {
                out.put(keys.get(i), plain(leaves.get(i).getValue(parameterValues)));
            }
        }
        return out;
    }

    /**
     * Integers as longs, as YAML reads them back, so a recorded candidate equals a drawn one; drawn reals to
     * {@value #DIGITS} significant digits, which every leaderboard can show and every run reproduces exactly.
     */
    private static Object plain(Object v) {
        if (v instanceof Integer i) {
            return Long.valueOf(i);
        }
        if (v instanceof Double d && Double.isFinite(d) && d != 0) {
            return new java.math.BigDecimal(d).round(new java.math.MathContext(DIGITS)).doubleValue();
        }
        return v;
    }

    /** Significant digits kept of a drawn real. */
    static final int DIGITS = 3;

    @Override
    public int numParameters() {
        return leaves.size();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List<ParameterSpace> collectLeaves() {
        return new ArrayList<>((List) leaves);
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("a candidate space is not a leaf; Arbiter indexes its leaves");
    }

    /** The searched settings, in draw order. */
    public List<String> keys() {
        return List.copyOf(keys);
    }
}
