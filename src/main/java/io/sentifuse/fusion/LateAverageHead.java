package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.features.FeatureKind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * {@code late-average}: classic late fusion. A classifier per modality, each trained on its own
 * cross-entropy (the training loss is their sum), and the prediction is the mean of their class
 * probabilities. Training each classifier alone keeps it a calibrated unimodal model, which is what makes an
 * average of probabilities meaningful (and what the reference "average of the two logistic regressions"
 * baseline does); training on the mean instead would let one classifier lean on the other and turn the pair
 * into a two-expert mixture with fixed gates. Like any sum of per-modality terms it cannot represent
 * interactions between the modalities.
 */
public final class LateAverageHead implements FusionHead {

    /** Keeps log(mean probability) finite when both classifiers underflow to 0 for a class. */
    private static final double LOG_FLOOR = 1e-12;

    public static final String TEXT_PROBABILITIES = "late-average/text_probabilities";
    public static final String IMAGE_PROBABILITIES = "late-average/image_probabilities";

    @Override
    public String name() {
        return "late-average";
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
        SDVariable pText = nn.sd().nn.softmax(text, 1);
        SDVariable pImage = nn.sd().nn.softmax(image, 1);
        SDVariable mean = pText.add(pImage).mul(0.5);
        // softmax(log p) = p because p sums to 1: the model's prediction is exactly the mean
        SDVariable logits = nn.sd().math.log(mean.add(LOG_FLOOR));
        return new HeadOutput(logits, List.of(text, image),
                Map.of(TEXT_PROBABILITIES, pText, IMAGE_PROBABILITIES, pImage));
    }
}
