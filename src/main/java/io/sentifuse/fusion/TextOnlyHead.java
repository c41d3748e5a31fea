package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.features.FeatureKind;
import java.util.Set;

/** Baseline {@code text-only}: pooled text vector, projection, classifier MLP. */
public final class TextOnlyHead implements FusionHead {

    @Override
    public String name() {
        return "text-only";
    }

    @Override
    public Set<FeatureKind> inputs() {
        return Set.of(FeatureKind.TEXT_POOLED);
    }

    @Override
    public Set<String> settings() {
        return HeadSettings.MLP;
    }

    @Override
    public HeadOutput build(Layers nn, HeadInputs in, FusionConfig config) {
        return HeadOutput.of(Unimodal.logits(nn, name(), in, FeatureKind.TEXT_POOLED, config));
    }
}
