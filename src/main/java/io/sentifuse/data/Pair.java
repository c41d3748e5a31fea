package io.sentifuse.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One usable text-image sample, as the rest of the project sees it.
 *
 * @param id           the pair's id, unique within its dataset
 * @param text         the decoded text
 * @param textEncoding the encoding that decoded it ({@link TextDecoder#UTF_8}, ...)
 * @param image        the image file (not yet decoded: images are streamed)
 * @param label        the pair's label after merging, or null for an unlabelled pair (new data to predict)
 * @param textLabel    the text annotation (after the per-modality majority), or null when the format
 *                     gives one label only
 * @param imageLabel   the image annotation, or null likewise
 */
public record Pair(String id, String text, String textEncoding, Path image, Label label, Label textLabel,
                   Label imageLabel) {

    public Pair {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(textEncoding, "textEncoding");
        Objects.requireNonNull(image, "image");
    }

    /** Whether the pair has a label. */
    public boolean labelled() {
        return label != null;
    }

    /** The class index of the label, or {@link PairRecords#UNLABELLED}. */
    public int labelIndex() {
        return label == null ? PairRecords.UNLABELLED : label.index();
    }
}
