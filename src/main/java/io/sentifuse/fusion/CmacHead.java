package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.features.FeatureKind;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The paper's {@code cmac} (CrossModalityAttentionCombine): text token states and image regions are
 * projected to {@code projection_dim}; text tokens attend to image regions and image regions attend to the
 * (real, unpadded) text tokens, each through a cross-attention block ({@code heads} heads, residual, layer
 * norm, feed-forward); the attended text positions are masked-mean pooled and the attended regions mean
 * pooled; these two and both modalities' projected pooled vectors are concatenated and classified by the MLP.
 *
 * <p>The course project fed each side's [pooled; attended] to its own classifier and summed the two
 * softmax outputs; one classifier over all four keeps interactions between the sides learnable.
 */
public final class CmacHead implements FusionHead {

    /** Text-to-image attention weights, {@code [B, heads, T, R]}. */
    public static final String TEXT_TO_IMAGE = "cmac/attention/text_to_image";
    /** Image-to-text attention weights, {@code [B, heads, R, T]} (padded tokens get weight 0). */
    public static final String IMAGE_TO_TEXT = "cmac/attention/image_to_text";

    @Override
    public String name() {
        return "cmac";
    }

    @Override
    public Set<FeatureKind> inputs() {
        return Set.of(FeatureKind.TEXT_POOLED, FeatureKind.TEXT_TOKENS, FeatureKind.IMAGE_POOLED,
                FeatureKind.IMAGE_REGIONS);
    }

    @Override
    public Set<String> settings() {
        return HeadSettings.ATTENTION;
    }

    @Override
    public HeadOutput build(Layers nn, HeadInputs in, FusionConfig c) {
        Heads.checkAttention(name(), c);
        long d = c.projectionDim();
        long dt = in.dims().textDim();
        long di = in.dims().imageDim();
        double p = c.inputDropout();
        Seq tokens = nn.projectionSeq(name() + "/text_tokens",
                Seq.of(in.require(FeatureKind.TEXT_TOKENS, name()), dt), d, p);
        Seq regions = nn.projectionSeq(name() + "/image_regions",
                Seq.ofLength(in.require(FeatureKind.IMAGE_REGIONS, name()), in.dims().regions(), di), d, p);
        SDVariable text = nn.projection(name() + "/text", in.require(FeatureKind.TEXT_POOLED, name()), dt, d, p);
        SDVariable image = nn.projection(name() + "/image", in.require(FeatureKind.IMAGE_POOLED, name()), di, d, p);
        Attention.Result textToImage = TransformerBlocks.crossAttentionBlock(nn, name() + "/text_to_image", tokens,
                regions, null, d, c.heads(), c.ffnDim(), c.attentionDropout());
        Attention.Result imageToText = TransformerBlocks.crossAttentionBlock(nn, name() + "/image_to_text", regions,
                tokens, Attention.keyBias(nn.sd(), in.textMask()), d, c.heads(), c.ffnDim(), c.attentionDropout());
        SDVariable attendedText = nn.maskedMean(textToImage.output(), in.textMask());
        SDVariable attendedImage = imageToText.output().view().mean(1);
        SDVariable fused = nn.sd().concat(1, text, attendedText, image, attendedImage);
        SDVariable logits = nn.classifier(name() + "/classifier", fused, 4 * d, c.hiddenDim(), in.classes(),
                c.dropout());
        return HeadOutput.of(logits, Map.of(TEXT_TO_IMAGE, textToImage.weights(), IMAGE_TO_TEXT,
                imageToText.weights()));
    }
}
