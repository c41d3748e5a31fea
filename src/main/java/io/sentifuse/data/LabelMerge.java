package io.sentifuse.data;

import java.util.List;
import java.util.Optional;

/**
 * The literature's rule for one label per pair (MultiSentiNet, CLMLF, MVAN ...): equal labels give that
 * label; a neutral and a polar label give the polar one; positive against negative is a conflict and the
 * pair is dropped. With several annotators (MVSA-Multiple), each modality first takes the label at least
 * two of three annotators agree on; without such a majority the pair is dropped.
 */
public final class LabelMerge {

    private LabelMerge() {
    }

    /** The merged label of a text and an image label; empty for positive vs negative. */
    public static Optional<Label> merge(Label text, Label image) {
        if (text == image) {
            return Optional.of(text);
        }
        if (text == Label.NEUTRAL) {
            return Optional.of(image);
        }
        if (image == Label.NEUTRAL) {
            return Optional.of(text);
        }
        return Optional.empty();
    }

    /** The label that more than half of {@code votes} give; empty when none does. */
    public static Optional<Label> majority(List<Label> votes) {
        int[] counts = new int[Label.COUNT];
        for (Label v : votes) {
            counts[v.index()]++;
        }
        for (Label l : Label.values()) {
            if (counts[l.index()] * 2 > votes.size()) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
