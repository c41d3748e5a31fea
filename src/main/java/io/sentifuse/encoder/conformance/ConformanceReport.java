package io.sentifuse.encoder.conformance;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Outcome of a conformance run.
 *
 * @param data      the node-test directory
 * @param available node tests found there
 * @param selected  tests whose every operator the translator covers
 * @param passed    selected tests whose every output matched
 * @param byOp      per operator type: selected and passed tests that contain it
 * @param failures  each failed test with its reason
 * @param staticInputs per test, the graph inputs bound as constants from the test data because the translator
 *                  needs them while translating (operator parameters such as axes or pads, which real models
 *                  carry as initializers but ONNX's tests feed as inputs)
 * @param seconds   wall-clock time of the run
 */
public record ConformanceReport(String data, int available, int selected, int passed,
                                @JsonProperty("by_op") Map<String, OpCount> byOp,
                                List<Failure> failures,
                                @JsonProperty("static_inputs") Map<String, List<String>> staticInputs,
                                double seconds) {

    /** Tests that contain one operator type. */
    public record OpCount(int selected, int passed) {
    }

    /** A failed test. */
    public record Failure(String test, List<String> ops, String reason) {
    }

    @JsonProperty("pass_rate")
    public double passRate() {
        return selected == 0 ? 0 : (double) passed / selected;
    }

    @JsonProperty("tolerance")
    public String tolerance() {
        return "|actual - expected| <= " + ConformanceRunner.TOLERANCE + " + " + ConformanceRunner.TOLERANCE
                + " * |expected| for floating point; exact for integers and booleans";
    }

    @JsonProperty("selection")
    public String selection() {
        return "a node test is selected when every node of its model.onnx has an operator type that the translator"
                + " implements (default domain); '_expanded' variants (the operator replaced by its ONNX function body)"
                + " are selected by the same rule";
    }
}
