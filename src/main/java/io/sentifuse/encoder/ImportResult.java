package io.sentifuse.encoder;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sentifuse.encoder.verify.VerificationReport;
import java.util.List;

/**
 * What {@code sentifuse import} did.
 *
 * @param model         the model (file path or classpath resource)
 * @param kind          text or image
 * @param sha256        SHA-256 of the model file (the cache key)
 * @param verified      the graph matched ONNX Runtime within tolerance
 * @param maxAbsDiff    largest absolute difference over every output and case
 * @param relL2         largest relative L2 error
 * @param cases         the input shapes checked
 * @param importSeconds wall-clock time of the import (reading, checks, translation or cache load, writing)
 * @param ops           SameDiff ops in the graph
 * @param cached        loaded from the graph cache instead of translated and verified now
 * @param out           where the graph was written (SameDiff format), or null
 * @param tokenizer     the tokenizer checked against the embedding table, or null
 * @param vocabulary    its vocabulary size (= embedding rows), or null
 * @param verification  the full verification record
 * @param referenceMaxProbDiff image default model: largest difference of SameDiff's class probabilities from
 *                      nsfwjs's own on the bundled reference images (else absent)
 * @param pooledDim     image models: width of the pooled feature vector
 * @param spatial       image models: the last spatial map as [C, H, W]
 * @param regions       image models: region vectors in the spatial map (H * W)
 */
public record ImportResult(String model, String kind, String sha256, boolean verified,
                           @JsonProperty("max_abs_diff") double maxAbsDiff,
                           @JsonProperty("rel_l2") double relL2,
                           List<String> cases,
                           @JsonProperty("import_seconds") double importSeconds,
                           int ops, boolean cached, String out, String tokenizer, Integer vocabulary,
                           @JsonProperty("translator_version") int translatorVersion,
                           VerificationReport verification,
                           @JsonInclude(JsonInclude.Include.NON_NULL)
                           @JsonProperty("reference_max_prob_diff") Double referenceMaxProbDiff,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("pooled_dim") Integer pooledDim,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> spatial,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Integer regions) {
}
