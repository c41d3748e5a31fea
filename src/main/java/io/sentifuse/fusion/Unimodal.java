package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.features.FeatureKind;
import org.nd4j.autodiff.samediff.SDVariable;

/** The per-modality classifier that baselines and late / combined heads share: projection, then classifier. */
final class Unimodal {

    private Unimodal() {
    }

    /** Class logits from the pooled vector of one modality. */
    static SDVariable logits(Layers nn, String scope, HeadInputs in, FeatureKind kind, FusionConfig c) {
        long width = kind == FeatureKind.TEXT_POOLED ? in.dims().textDim() : in.dims().imageDim();
        SDVariable projected = nn.projection(scope + "/projection", in.require(kind, scope), width,
                c.projectionDim(), c.inputDropout());
        return nn.classifier(scope + "/classifier", projected, c.projectionDim(), c.hiddenDim(), in.classes(),
                c.dropout());
    }
}
