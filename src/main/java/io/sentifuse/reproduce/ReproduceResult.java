package io.sentifuse.reproduce;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@code sentifuse reproduce paper} ({@code --json} prints it as one line).
 *
 * @param table    the CSV table written
 * @param markdown the Markdown table written
 * @param plot     the PNG plot written
 * @param runsDir  the folder of the runs
 * @param runs     runs in the table
 * @param trained  runs trained (or finished) by this call; the rest were reused
 * @param rows     the table's rows
 * @param thesis   per protocol: whether the best multimodal row beats text-only and image-only by more than the sd
 * @param seconds  wall time of this call
 */
@JsonPropertyOrder({"table", "markdown", "plot", "runs_dir", "runs", "trained", "rows", "thesis", "seconds"})
public record ReproduceResult(
        @JsonProperty("table") String table,
        @JsonProperty("markdown") String markdown,
        @JsonProperty("plot") String plot,
        @JsonProperty("runs_dir") String runsDir,
        @JsonProperty("runs") int runs,
        @JsonProperty("trained") int trained,
        @JsonProperty("rows") List<TableRow> rows,
        @JsonProperty("thesis") Map<String, Thesis> thesis,
        @JsonProperty("seconds") double seconds) {

    /**
     * The paper's claim checked under one protocol: the best multimodal row above both single-modality rows by more
     * than the larger of the two rows' standard deviations.
     *
     * @param bestMultimodal the best multimodal model by mean accuracy
     * @param overText       its margin over text-only, points
     * @param overImage      its margin over image-only, points
     * @param holds          whether both margins exceed the larger sd of the pair
     * @param statement      the finding in one sentence
     */
    @JsonPropertyOrder({"best_multimodal", "over_text", "over_image", "holds", "statement"})
    public record Thesis(
            @JsonProperty("best_multimodal") String bestMultimodal,
            @JsonProperty("over_text") double overText,
            @JsonProperty("over_image") double overImage,
            @JsonProperty("holds") boolean holds,
            @JsonProperty("statement") String statement) {
    }
}
