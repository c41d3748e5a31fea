package io.sentifuse.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * One finished candidate as the ledger records it: what was trained (its settings over the base experiment), the
 * validation figures of every seed, the score (the configured metric's mean over seeds) and where the runs are.
 *
 * @param index       the candidate's number in draw order (0-based)
 * @param head        its fusion head
 * @param overrides   its settings over the base experiment, key to value (what {@code --set} would pass)
 * @param status      {@value #COMPLETED}, {@value #FAILED} or {@value #DUPLICATE}
 * @param metric      the validation metric that scores it
 * @param seeds       the seeds it trained with, in order
 * @param scores      the metric per seed
 * @param scoreMean   mean of {@code scores} (NaN unless completed)
 * @param scoreSd     their sample standard deviation (0 for one seed)
 * @param val         validation accuracy, weighted F1 and macro F1 per seed, by figure name
 * @param test        the same on the test part (standard protocol), or null; never used for ranking
 * @param epochs      the best epoch (1-based) per seed
 * @param seconds     wall time of all its runs
 * @param runDirs     its run folders, one per seed
 * @param duplicateOf for {@value #DUPLICATE}: the earlier candidate with the same effective settings
 * @param error       for {@value #FAILED}: why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"index", "head", "overrides", "status", "metric", "seeds", "scores", "score_mean", "score_sd",
        "val", "test", "epochs", "seconds", "run_dirs", "duplicate_of", "error"})
public record CandidateRecord(
        @JsonProperty("index") int index,
        @JsonProperty("head") String head,
        @JsonProperty("overrides") Map<String, Object> overrides,
        @JsonProperty("status") String status,
        @JsonProperty("metric") String metric,
        @JsonProperty("seeds") List<Long> seeds,
        @JsonProperty("scores") List<Double> scores,
        @JsonProperty("score_mean") Double scoreMean,
        @JsonProperty("score_sd") Double scoreSd,
        @JsonProperty("val") Map<String, List<Double>> val,
        @JsonProperty("test") Map<String, List<Double>> test,
        @JsonProperty("epochs") List<Integer> epochs,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("run_dirs") List<String> runDirs,
        @JsonProperty("duplicate_of") Integer duplicateOf,
        @JsonProperty("error") String error) {

    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String DUPLICATE = "duplicate";

    /** Whether it trained and has a score. */
    public boolean completed() {
        return COMPLETED.equals(status);
    }
}
