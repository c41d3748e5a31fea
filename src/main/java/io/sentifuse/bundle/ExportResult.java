package io.sentifuse.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * What {@code sentifuse export} wrote.
 *
 * @param bundle  the bundle file
 * @param sha256  its SHA-256
 * @param bytes   its size
 * @param head    the fusion head
 * @param mode    frozen or finetune
 * @param runDir  the run it came from
 * @param source  the run, or the sweep and candidate it was the best of
 * @param metrics the run's validation (and test) figures
 * @param seconds wall time
 */
@JsonPropertyOrder({"bundle", "sha256", "bytes", "head", "mode", "run_dir", "source", "metrics", "seconds"})
public record ExportResult(
        @JsonProperty("bundle") String bundle,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("bytes") long bytes,
        @JsonProperty("head") String head,
        @JsonProperty("mode") String mode,
        @JsonProperty("run_dir") String runDir,
        @JsonProperty("source") Map<String, Object> source,
        @JsonProperty("metrics") Map<String, Object> metrics,
        @JsonProperty("seconds") double seconds) {
}
