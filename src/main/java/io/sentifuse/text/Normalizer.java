package io.sentifuse.text;

/** A HuggingFace normalizer: rewrites a text before it is split into words. Immutable, thread-safe. */
interface Normalizer {

    /** Appends the normalized form of {@code text[from, to)} to {@code out}. */
    void normalize(CharSequence text, int from, int to, StringBuilder out, Scratch scratch);

    /** Short description for logs and provenance. */
    String describe();
}
