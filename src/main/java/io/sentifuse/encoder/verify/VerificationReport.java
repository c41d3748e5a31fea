package io.sentifuse.encoder.verify;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * How closely a translated graph matches ONNX Runtime; stored with cached graphs and in run provenance.
 *
 * @param verified    every output of every case within tolerance: max abs diff <= tolerance * max(1, largest
 *                    |reference value| of that output), so that outputs of large magnitude (a CNN's feature maps)
 *                    get the same relative allowance for float rounding as outputs of magnitude 1
 * @param tolerance   largest accepted absolute difference per unit of output magnitude
 * @param maxAbsDiff  largest absolute difference over all outputs and cases (real tokens only for text)
 * @param relL2       largest relative L2 error ||ours - ort|| / ||ort|| over outputs and cases
 * @param worstOutput output closest to (or furthest beyond) its allowed difference
 * @param worstCase   the case where it was
 * @param cases       per case: name, shape and per-output figures
 * @param ortVersion  ONNX Runtime version used as the reference
 * @param seconds     time the verification took
 */
public record VerificationReport(boolean verified, double tolerance,
                                 @JsonProperty("max_abs_diff") double maxAbsDiff,
                                 @JsonProperty("rel_l2") double relL2,
                                 @JsonProperty("worst_output") String worstOutput,
                                 @JsonProperty("worst_case") String worstCase,
                                 List<CaseResult> cases,
                                 @JsonProperty("ort_version") String ortVersion,
                                 double seconds) {

    /** Figures of one case. */
    public record CaseResult(String name, String shape, Map<String, OutputDiff> outputs) {
    }

    /**
     * Figures of one output in one case.
     *
     * @param maxAbsDiff   largest absolute difference
     * @param relL2        ||ours - ort|| / ||ort||
     * @param compared     elements compared
     * @param maxReference largest |value| ONNX Runtime computed (the output's magnitude)
     */
    public record OutputDiff(@JsonProperty("max_abs_diff") double maxAbsDiff,
                             @JsonProperty("rel_l2") double relL2,
                             long compared,
                             @JsonProperty("max_abs_reference") double maxReference) {

        /** The largest difference accepted for this output. */
        public double allowed(double tolerance) {
            return tolerance * Math.max(1, maxReference);
        }

        /** Difference over allowance: above 1 fails (NaN and shape mismatches count as infinitely far). */
        double excess(double tolerance) {
            return Double.isNaN(maxAbsDiff) ? Double.POSITIVE_INFINITY : maxAbsDiff / allowed(tolerance);
        }
    }

    /** The figures of {@link #worstOutput()} in {@link #worstCase()}, or null when none was compared. */
    public OutputDiff worst() {
        return cases.stream().filter(c -> c.name().equals(worstCase)).findFirst()
                .map(c -> c.outputs().get(worstOutput)).orElse(null);
    }

    /** The shapes checked, e.g. ["1x8", "8x32", "32x64"]. */
    public List<String> shapes() {
        return cases.stream().map(CaseResult::shape).toList();
    }
}
