package io.sentifuse.tune;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The outcome of {@code sentifuse sweep} ({@code --json} prints it as one line; the sweep folder keeps it).
 *
 * @param sweepDir    the sweep folder
 * @param name        the sweep's name
 * @param candidates  candidates that trained to the end (this time or before a resume)
 * @param failed      candidates that failed (listed in the ledger with their error)
 * @param metric      the validation metric that ranks them
 * @param best        the leaderboard's first candidate, or null when none completed
 * @param leaderboard the leaderboard's CSV file
 * @param seconds     wall time of this invocation
 */
@JsonPropertyOrder({"sweep_dir", "name", "candidates", "failed", "metric", "best", "leaderboard", "seconds"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SweepResult(
        @JsonProperty("sweep_dir") String sweepDir,
        @JsonProperty("name") String name,
        @JsonProperty("candidates") int candidates,
        @JsonProperty("failed") int failed,
        @JsonProperty("metric") String metric,
        @JsonProperty("best") Best best,
        @JsonProperty("leaderboard") String leaderboard,
        @JsonProperty("seconds") double seconds) {

    /**
     * The best candidate.
     *
     * @param candidate its index
     * @param head      its fusion head
     * @param overrides its settings over the base experiment
     * @param score     its score (mean over seeds)
     * @param scoreSd   the sd of its score over seeds
     * @param runDir    the run folder of its best seed (what {@code export SWEEP_DIR} takes)
     */
    @JsonPropertyOrder({"candidate", "head", "overrides", "score", "score_sd", "run_dir"})
    public record Best(
            @JsonProperty("candidate") int candidate,
            @JsonProperty("head") String head,
            @JsonProperty("overrides") Map<String, Object> overrides,
            @JsonProperty("score") double score,
            @JsonProperty("score_sd") double scoreSd,
            @JsonProperty("run_dir") String runDir) {
    }
}
