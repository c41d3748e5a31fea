package io.sentifuse.text;

/** A HuggingFace tokenization model: turns one pre-tokenized piece into ids. Immutable, thread-safe. */
interface Model {

    /** Appends the ids of {@code text[from, to)} to {@code out}. */
    void tokenize(CharSequence text, int from, int to, IntList out, Scratch scratch);

    /** The id of {@code token} in the model's vocabulary, or -1. */
    int tokenId(String token);

    /** The largest id in the vocabulary. */
    int maxId();

    /** Short description for logs and provenance. */
    String describe();
}
