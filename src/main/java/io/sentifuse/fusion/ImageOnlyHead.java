package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.features.FeatureKind;
import java.util.Set;

/** Baseline {@code image-only}: pooled image vector, projection, classifier MLP. */
public final class ImageOnlyHead implements FusionHead {

    @Override
    public String name() {
        return "image-only";
    }

    @Override
    public Set<FeatureKind> inputs() {
        return Set.of(FeatureKind.IMAGE_POOLED);
    }

    @Override
    public Set<String> settings() {
        return HeadSettings.MLP;
    }

    @Override
    public HeadOutput build(Layers nn, HeadInputs in, FusionConfig config) {
        return HeadOutput.of(Unimodal.logits(nn, name(), in, FeatureKind.IMAGE_POOLED, config));
    }
}
