package io.sentifuse.fusion;

import io.sentifuse.features.FeatureDims;
import io.sentifuse.features.FeatureKind;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * What a head reads, as graph variables (already standardised when that is on). Variables of kinds the head
 * did not declare are null.
 *
 * @param textPooled   {@code [B, Dt]}
 * @param textTokens   {@code [B, T, Dt]}
 * @param textMask     {@code [B, T]}, 1 = real token
 * @param imagePooled  {@code [B, Di]}
 * @param imageRegions {@code [B, R, Di]}
 * @param dims         the feature sizes
 * @param classes      number of classes to score
 */
public record HeadInputs(SDVariable textPooled, SDVariable textTokens, SDVariable textMask, SDVariable imagePooled,
                         SDVariable imageRegions, FeatureDims dims, int classes) {

    /** The variable of {@code kind}; fails with the head's name when the head did not declare it. */
    public SDVariable require(FeatureKind kind, String head) {
        SDVariable v = switch (kind) {
            case TEXT_POOLED -> textPooled;
            case TEXT_TOKENS -> textTokens;
            case IMAGE_POOLED -> imagePooled;
            case IMAGE_REGIONS -> imageRegions;
        };
        if (v == null) {
            throw new IllegalStateException("head " + head + " reads " + kind + " but did not declare it in inputs()");
        }
        return v;
    }
}
