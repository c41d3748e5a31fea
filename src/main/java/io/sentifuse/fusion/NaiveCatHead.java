package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.features.FeatureKind;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The paper's {@code naive-cat} (NaiveCat): each pooled vector projected to {@code projection_dim} (dropout,
 * dense, ReLU), the two concatenated, then the classifier MLP. Early fusion.
 */
public final class NaiveCatHead implements FusionHead {

    @Override
    public String name() {
        return "naive-cat";
    }

    @Override
    public Set<FeatureKind> inputs() {
        return Set.of(FeatureKind.TEXT_POOLED, FeatureKind.IMAGE_POOLED);
    }

    @Override
    public Set<String> settings() {
        return HeadSettings.MLP;
    }

    @Override
    public HeadOutput build(Layers nn, HeadInputs in, FusionConfig c) {
        long d = c.projectionDim();
        SDVariable text = nn.projection(name() + "/text", in.require(FeatureKind.TEXT_POOLED, name()),
                in.dims().textDim(), d, c.inputDropout());
        SDVariable image = nn.projection(name() + "/image", in.require(FeatureKind.IMAGE_POOLED, name()),
                in.dims().imageDim(), d, c.inputDropout());
        SDVariable fused = nn.sd().concat(1, text, image);
        return HeadOutput.of(nn.classifier(name() + "/classifier", fused, 2 * d, c.hiddenDim(), in.classes(),
                c.dropout()));
    }
}
