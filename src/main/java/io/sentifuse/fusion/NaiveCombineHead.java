package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.features.FeatureKind;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The paper's {@code naive-combine} (NaiveCombine): a classifier per modality (projection + MLP, as the
 * baselines), outputs combined by a learned weighted sum of their logits, {@code z = a_t z_t + a_i z_i + b}
 * ({@code a} start at 1, {@code b} at 0), trained end to end with one cross-entropy on {@code z}. In
 * probabilities this is a product of experts, {@code softmax(z) ~ p_t^a_t p_i^a_i}.
 *
 * <p>The course project summed the two classifiers' softmax outputs and applied softmax again before the
 * cross-entropy; a weighted sum of logits keeps the loss a proper log-likelihood. Either way the class scores
 * are a sum of a text term and an image term: the head cannot represent interactions between the
 * modalities (it stays at chance on {@code training.synthetic.task: xor}).
 */
public final class NaiveCombineHead implements FusionHead {

    /** The learned modality weights, exposed as outputs. */
    public static final String TEXT_WEIGHT = "naive-combine/text_weight";
    public static final String IMAGE_WEIGHT = "naive-combine/image_weight";

    @Override
    public String name() {
        return "naive-combine";
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
        SDVariable text = Unimodal.logits(nn, name() + "/text", in, FeatureKind.TEXT_POOLED, c);
        SDVariable image = Unimodal.logits(nn, name() + "/image", in, FeatureKind.IMAGE_POOLED, c);
        SDVariable a = nn.scalar(name() + "/a_text", 1.0);
        SDVariable b = nn.scalar(name() + "/a_image", 1.0);
        SDVariable logits = text.mul(a).add(image.mul(b)).add(nn.bias(name() + "/b", in.classes()));
        return HeadOutput.of(logits, Map.of(TEXT_WEIGHT, a.add(0.0), IMAGE_WEIGHT, b.add(0.0)));
    }
}
