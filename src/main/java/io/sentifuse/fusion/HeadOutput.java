package io.sentifuse.fusion;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * What a head produces.
 *
 * @param logits     {@code [B, classes]}: the prediction is {@code softmax(logits)}
 * @param lossLogits logits whose cross-entropies are summed into the training loss; usually just
 *                   {@code logits}, but e.g. late-average trains each modality's classifier on its own loss
 * @param exposed    named outputs worth inspecting (attention weights, gates): the model renames each
 *                   variable to its key, so callers fetch them by these names (constants on the head classes)
 */
public record HeadOutput(SDVariable logits, List<SDVariable> lossLogits, Map<String, SDVariable> exposed) {

    public HeadOutput {
        lossLogits = List.copyOf(lossLogits);
        exposed = Map.copyOf(exposed);
    }

    /** A head trained on its own logits, exposing nothing. */
    public static HeadOutput of(SDVariable logits) {
        return new HeadOutput(logits, List.of(logits), Map.of());
    }

    /** A head trained on its own logits, exposing {@code exposed}. */
    public static HeadOutput of(SDVariable logits, Map<String, SDVariable> exposed) {
        return new HeadOutput(logits, List.of(logits), exposed);
    }
}
