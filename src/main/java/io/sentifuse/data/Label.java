package io.sentifuse.data;

import java.util.Locale;
import java.util.Optional;

/**
 * A sentiment class. The ordinal is the class index everywhere (one-hot labels, logits, confusion
 * matrices), so the order here is part of every saved model: never reorder.
 */
public enum Label {
    NEGATIVE,
    NEUTRAL,
    POSITIVE;

    /** Number of classes. */
    public static final int COUNT = values().length;

    /** The class index used in tensors. */
    public int index() {
        return ordinal();
    }

    /** The lower-case word used in label files, JSON and reports. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Label ofIndex(int index) {
        return values()[index];
    }

    /** The label a word names ({@code positive}, {@code Negative }, ...), or empty for anything else. */
    public static Optional<Label> parse(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT);
        for (Label l : values()) {
            if (l.word().equals(w)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
