package io.sentifuse.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The model's answer for one pair (what {@code predict --json} prints, one object per line).
 *
 * @param id            the pair's id
 * @param label         the predicted label
 * @param probabilities label to probability, in class order
 * @param trueLabel     the pair's label when it has one, else null
 * @param attention     for attention heads: what the head attended to, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "label", "probabilities", "true_label", "attention"})
public record Prediction(
        @JsonProperty("id") String id,
        @JsonProperty("label") String label,
        @JsonProperty("probabilities") Map<String, Double> probabilities,
        @JsonProperty("true_label") String trueLabel,
        @JsonProperty("attention") Attention attention) {

    /**
     * Attention a head paid, averaged over its attention heads (and layers' queries): how much each text token and
     * each image region was attended to (weights of one kind sum to 1), or, for heads that attend over whole
     * modalities, how much each modality was.
     *
     * @param tokens     the text's tokens (special tokens included) with their weights, or null
     * @param regions    the image regions' weights as a grid, rows top to bottom, or null
     * @param modalities {@code text} and {@code image} weights, or null
     * @param source     the head output they were read from
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"tokens", "regions", "modalities", "source"})
    public record Attention(
            @JsonProperty("tokens") List<TokenWeight> tokens,
            @JsonProperty("regions") double[][] regions,
            @JsonProperty("modalities") Map<String, Double> modalities,
            @JsonProperty("source") String source) {
    }

    /** One token and the attention it received. */
    @JsonPropertyOrder({"token", "weight"})
    public record TokenWeight(@JsonProperty("token") String token, @JsonProperty("weight") double weight) {
    }
}
