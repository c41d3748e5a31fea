package io.sentifuse.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * What {@code data check} found: every record read, every image decoded. Counts add up:
 * {@code pairs = usable + dropped_conflicting + dropped_no_majority + skipped}, and {@code skipped} is the
 * length of {@code problems}.
 */
@JsonPropertyOrder({"path", "format", "pairs", "dropped_conflicting", "dropped_no_majority", "skipped", "usable",
        "labels", "unlabelled", "non_utf8_texts", "encodings", "images_checked", "dataset_checksum", "seconds", "threads",
        "problems", "dropped_conflicting_ids", "dropped_no_majority_ids"})
public record DataCheckResult(
        @JsonProperty("path") String path,
        @JsonProperty("format") String format,
        @JsonProperty("pairs") int pairs,
        @JsonProperty("dropped_conflicting") int droppedConflicting,
        @JsonProperty("dropped_no_majority") int droppedNoMajority,
        @JsonProperty("skipped") int skipped,
        @JsonProperty("usable") int usable,
        @JsonProperty("labels") Map<String, Integer> labels,
        @JsonProperty("unlabelled") int unlabelled,
        @JsonProperty("non_utf8_texts") int nonUtf8Texts,
        @JsonProperty("encodings") Map<String, Integer> encodings,
        @JsonProperty("images_checked") int imagesChecked,
        @JsonProperty("dataset_checksum") String datasetChecksum,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("threads") int threads,
        @JsonProperty("problems") List<Problem> problems,
        @JsonProperty("dropped_conflicting_ids") List<String> droppedConflictingIds,
        @JsonProperty("dropped_no_majority_ids") List<String> droppedNoMajorityIds,
        @JsonIgnore List<Pair> usablePairs) {
}
