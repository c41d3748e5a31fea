package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.features.FeatureKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The paper's winner {@code ote} (OutputTransformerEncoder): the pooled text and image vectors are each
 * projected to {@code projection_dim} (dropout, dense, ReLU), stacked as a 2-token sequence, passed through
 * {@code layers} transformer encoder layers ({@code heads} heads, attention dropout), flattened to
 * {@code 2 x projection_dim} and classified by the 2-layer MLP ({@code hidden_dim}).
 *
 * <p>Note for reproductions: the course project's code concatenated the two projections into one
 * 128-wide token, so its "attention" ran over a single position (the softmax is then identically 1). The
 * paper describes the two-token form implemented here.
 */
public final class OteHead implements FusionHead {

    /** Attention weights of layer {@code i}, {@code [B, heads, 2, 2]} (token 0 = text, 1 = image). */
    public static String attention(int layer) {
        return "ote/attention/layer" + layer;
    }

    @Override
    public String name() {
        return "ote";
    }

    @Override
    public Set<FeatureKind> inputs() {
        return Set.of(FeatureKind.TEXT_POOLED, FeatureKind.IMAGE_POOLED);
    }

    @Override
    public Set<String> settings() {
        return HeadSettings.TRANSFORMER;
    }

    @Override
    public HeadOutput build(Layers nn, HeadInputs in, FusionConfig c) {
        Heads.checkAttention(name(), c);
        long d = c.projectionDim();
        SDVariable text = nn.projection(name() + "/text", in.require(FeatureKind.TEXT_POOLED, name()),
                in.dims().textDim(), d, c.inputDropout());
        SDVariable image = nn.projection(name() + "/image", in.require(FeatureKind.IMAGE_POOLED, name()),
                in.dims().imageDim(), d, c.inputDropout());
        Seq x = Seq.ofLength(nn.sd().stack(1, text, image), 2, d);
        Map<String, SDVariable> exposed = new LinkedHashMap<>();
        for (int layer = 0; layer < c.layers(); layer++) {
            Attention.Result r = TransformerBlocks.encoderLayer(nn, name() + "/layer" + layer, x, null, d, c.heads(),
                    c.ffnDim(), c.attentionDropout());
            x = r.output();
            exposed.put(attention(layer), r.weights());
        }
        SDVariable flat = nn.sd().reshape(x.rows(), -1, 2 * d);
        return HeadOutput.of(nn.classifier(name() + "/classifier", flat, 2 * d, c.hiddenDim(), in.classes(),
                c.dropout()), exposed);
    }
}
