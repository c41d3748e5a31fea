package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.features.FeatureKind;
import java.util.Set;

/**
 * A fusion head: a SameDiff subgraph from encoder features to class logits. Implementations are stateless;
 * {@link FusionHeads} holds one of each by name. To add a head: write the class, add one line to the
 * registry.
 */
public interface FusionHead {

    /** The registry name ({@code fusion.head}). */
    String name();

    /** The features this head reads; the feature cache stores only what the configured head needs. */
    Set<FeatureKind> inputs();

    /**
     * The {@code fusion.*} settings this head reads, as full keys ({@link HeadSettings}); a sweep draws only these
     * for it. {@code fusion.head} itself is not listed.
     */
    Set<String> settings();

    /**
     * Adds the head to {@code nn}'s graph. Parameter names start with {@link #name()} + "/". Called twice per
     * graph: for the training path (its {@link HeadOutput#lossLogits()} make the loss), then with
     * {@link Layers#inference()} (same parameters, no dropout) for the predictions, whose
     * {@link HeadOutput#logits()} and exposed outputs the model uses; so parameters come only from {@code nn}, and
     * no op is named here.
     *
     * @throws io.sentifuse.errors.UserInputException when {@code config} does not fit this head
     */
    HeadOutput build(Layers nn, HeadInputs in, FusionConfig config);
}
