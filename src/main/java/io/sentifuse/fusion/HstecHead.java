package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.features.FeatureKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The paper's {@code hstec} (HiddenStateTransformerEncoder): text token states and image regions, each
 * projected to {@code projection_dim} (dropout, dense, ReLU) plus a learned modality embedding, joined into
 * one sequence of T + R positions, passed through {@code layers} transformer encoder layers with a key
 * padding mask (padded tokens are never attended to), masked-mean pooled and classified by the MLP.
 *
 * <p>Unlike the course project this masks padding and marks which positions are text and which are image
 * (its encoder saw padded positions and had no modality information).
 */
public final class HstecHead implements FusionHead {

    /** Attention weights of layer {@code i}, {@code [B, heads, T + R, T + R]} (text positions first). */
    public static String attention(int layer) {
        return "hstec/attention/layer" + layer;
    }

    @Override
    public String name() {
        return "hstec";
    }

    @Override
    public Set<FeatureKind> inputs() {
        return Set.of(FeatureKind.TEXT_TOKENS, FeatureKind.IMAGE_REGIONS);
    }

    @Override
    public Set<String> settings() {
        return HeadSettings.TRANSFORMER;
    }

    @Override
    public HeadOutput build(Layers nn, HeadInputs in, FusionConfig c) {
        Heads.checkAttention(name(), c);
        long d = c.projectionDim();
        int r = in.dims().regions();
        SDVariable regionsIn = in.require(FeatureKind.IMAGE_REGIONS, name());
        Seq tokens = nn.projectionSeq(name() + "/text", Seq.of(in.require(FeatureKind.TEXT_TOKENS, name()),
                in.dims().textDim()), d, c.inputDropout());
        Seq regions = nn.projectionSeq(name() + "/image", Seq.ofLength(regionsIn, r, in.dims().imageDim()), d,
                c.inputDropout());
        SDVariable typedTokens = tokens.view(tokens.rows().add(nn.embedding(name() + "/text_type", d)), d);
        SDVariable typedRegions = regions.view(regions.rows().add(nn.embedding(name() + "/image_type", d)), d);
        Seq x = Seq.of(nn.sd().concat(1, typedTokens, typedRegions), d);
        SDVariable mask = nn.sd().concat(1, in.textMask(), nn.ones(regionsIn, 1, r));
        SDVariable keyBias = Attention.keyBias(nn.sd(), mask);
        Map<String, SDVariable> exposed = new LinkedHashMap<>();
        for (int layer = 0; layer < c.layers(); layer++) {
            Attention.Result a = TransformerBlocks.encoderLayer(nn, name() + "/layer" + layer, x, keyBias, d,
                    c.heads(), c.ffnDim(), c.attentionDropout());
            x = a.output();
            exposed.put(attention(layer), a.weights());
        }
        SDVariable pooled = nn.maskedMean(x, mask);
        return HeadOutput.of(nn.classifier(name() + "/classifier", pooled, d, c.hiddenDim(), in.classes(),
                c.dropout()), exposed);
    }
}
