package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.features.FeatureKind;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * {@code gmu}: the gated multimodal unit (Arevalo et al., "Gated Multimodal Units for Information Fusion",
 * ICLR workshop 2017). {@code h_t = tanh(W_t x_t)}, {@code h_i = tanh(W_i x_i)},
 * {@code z = sigmoid(W_z [x_t; x_i])}, {@code h = z * h_t + (1 - z) * h_i} (all {@code projection_dim}
 * wide), then the classifier MLP. The gate decides per example and per unit how much each modality counts.
 */
public final class GmuHead implements FusionHead {

    /** The gate {@code z}, {@code [B, projection_dim]}: 1 = text, 0 = image. */
    public static final String GATE = "gmu/gate";

    @Override
    public String name() {
        return "gmu";
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
        SameDiff sd = nn.sd();
        long d = c.projectionDim();
        long dt = in.dims().textDim();
        long di = in.dims().imageDim();
        SDVariable xt = nn.dropout(in.require(FeatureKind.TEXT_POOLED, name()), c.inputDropout());
        SDVariable xi = nn.dropout(in.require(FeatureKind.IMAGE_POOLED, name()), c.inputDropout());
        SDVariable ht = sd.math.tanh(nn.dense(name() + "/text", xt, dt, d));
        SDVariable hi = sd.math.tanh(nn.dense(name() + "/image", xi, di, d));
        SDVariable z = sd.nn.sigmoid(nn.dense(name() + "/gate", sd.concat(1, xt, xi), dt + di, d));
        SDVariable h = z.mul(ht).add(z.rsub(1.0).mul(hi));
        return HeadOutput.of(nn.classifier(name() + "/classifier", h, d, c.hiddenDim(), in.classes(), c.dropout()),
                Map.of(GATE, z));
    }
}
