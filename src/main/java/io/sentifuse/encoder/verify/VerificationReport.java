package io.sentifuse.encoder.verify;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * How closely a translated graph matches ONNX Runtime; stored with cached graphs and in run provenance.
 *
 * @param verified    every output of every case within tolerance
 * @param tolerance   largest accepted absolute difference
 * @param maxAbsDiff  largest absolute difference over all outputs and cases (real tokens only for text)
 * @param relL2       largest relative L2 error ||ours - ort|| / ||ort|| over outputs and cases
 * @param worstOutput output with the largest absolute difference
 * @param worstCase   case with the largest absolute difference
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

    /** Figures of one output in one case. */
    public record OutputDiff(@JsonProperty("max_abs_diff") double maxAbsDiff,
                             @JsonProperty("rel_l2") double relL2,
                             long compared) {
    }

    /** The shapes checked, e.g. ["1x8", "8x32", "32x64"]. */
    public List<String> shapes() {
        return cases.stream().map(CaseResult::shape).toList();
    }
}
