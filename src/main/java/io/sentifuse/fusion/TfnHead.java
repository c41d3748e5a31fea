package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.FeatureKind;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * {@code tfn}: tensor fusion (Zadeh et al., "Tensor Fusion Network for Multimodal Sentiment Analysis",
 * EMNLP 2017) for two modalities. Each pooled vector is projected to {@code tfn_dim} (dropout, dense, ReLU)
 * and extended with a constant 1; the fused vector is the flattened outer product
 * {@code [h_t; 1] (x) [h_i; 1]}, which holds the unimodal terms and every bimodal product, followed by the
 * classifier MLP. The small projection keeps {@code (tfn_dim + 1)^2} manageable.
 */
public final class TfnHead implements FusionHead {

    @Override
    public String name() {
        return "tfn";
    }

    @Override
    public Set<FeatureKind> inputs() {
        return Set.of(FeatureKind.TEXT_POOLED, FeatureKind.IMAGE_POOLED);
    }

    @Override
    public Set<String> settings() {
        return HeadSettings.TFN;
    }

    @Override
    public HeadOutput build(Layers nn, HeadInputs in, FusionConfig c) {
        if (c.tfnDim() <= 0) {
            throw new UserInputException("fusion.tfn_dim must be positive for head tfn, got " + c.tfnDim());
        }
        SameDiff sd = nn.sd();
        long k = c.tfnDim();
        SDVariable ht = nn.projection(name() + "/text", in.require(FeatureKind.TEXT_POOLED, name()),
                in.dims().textDim(), k, c.inputDropout());
        SDVariable hi = nn.projection(name() + "/image", in.require(FeatureKind.IMAGE_POOLED, name()),
                in.dims().imageDim(), k, c.inputDropout());
        SDVariable a = sd.concat(1, ht, nn.ones(ht, 1, 1));
        SDVariable b = sd.concat(1, hi, nn.ones(hi, 1, 1));
        SDVariable outer = sd.mmul(sd.expandDims(a, 2), sd.expandDims(b, 1));
        long width = (k + 1) * (k + 1);
        SDVariable fused = sd.reshape(outer, -1, width);
        return HeadOutput.of(nn.classifier(name() + "/classifier", fused, width, c.hiddenDim(), in.classes(),
                c.dropout()));
    }
}
