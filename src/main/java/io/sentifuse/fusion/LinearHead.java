package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.features.FeatureKind;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * {@code linear}: multinomial logistic regression on the two pooled vectors side by side (standardised, input
 * dropout, one dense layer to the class logits; weight decay is the L2 penalty). Not one of the paper's heads: the
 * reference a trained fusion head must beat on the same features, and a strong one when training pairs are few.
 */
public final class LinearHead implements FusionHead {

    /** The settings it reads: no projection, no hidden layer. */
    static final Set<String> SETTINGS = Set.of("fusion.input_dropout", "fusion.standardize");

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public Set<FeatureKind> inputs() {
        return Set.of(FeatureKind.TEXT_POOLED, FeatureKind.IMAGE_POOLED);
    }

    @Override
    public Set<String> settings() {
        return SETTINGS;
    }

    @Override
    public HeadOutput build(Layers nn, HeadInputs in, FusionConfig c) {
        SDVariable text = nn.dropout(in.require(FeatureKind.TEXT_POOLED, name()), c.inputDropout());
        SDVariable image = nn.dropout(in.require(FeatureKind.IMAGE_POOLED, name()), c.inputDropout());
        return HeadOutput.of(nn.dense(name() + "/out", nn.sd().concat(1, text, image),
                in.dims().textDim() + in.dims().imageDim(), in.classes()));
    }
}
