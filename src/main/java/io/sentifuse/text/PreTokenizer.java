package io.sentifuse.text;

/** A HuggingFace pre-tokenizer: splits normalized text into the pieces the model sees. Immutable, thread-safe. */
interface PreTokenizer {

    /** Appends the pieces of {@code text[from, to)} to {@code out}. */
    void split(CharSequence text, int from, int to, Pieces out, Scratch scratch);

    /** Short description for logs and provenance. */
    String describe();
}
