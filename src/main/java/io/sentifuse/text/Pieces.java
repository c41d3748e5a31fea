package io.sentifuse.text;

/**
 * The pre-tokenized pieces of one text: their characters, back to back, and a {@code [start, end)} pair per
 * piece. Pre-tokenizers append to it; the model then tokenizes each piece on its own.
 */
final class Pieces {

    final StringBuilder chars = new StringBuilder(256);
    private final IntList bounds = new IntList(64);

    void clear() {
        chars.setLength(0);
        bounds.clear();
    }

    /** Appends {@code text[from, to)} as one piece; empty pieces are dropped, as HuggingFace drops them. */
    void add(CharSequence text, int from, int to) {
        if (from < to) {
            int start = chars.length();
            chars.append(text, from, to);
            bounds.add(start, chars.length());
        }
    }

    /** Closes a piece whose characters the caller appended to {@link #chars} since {@code start}. */
    void close(int start) {
        if (start < chars.length()) {
            bounds.add(start, chars.length());
        }
    }

    int count() {
        return bounds.size() / 2;
    }

    int start(int piece) {
        return bounds.get(2 * piece);
    }

    int end(int piece) {
        return bounds.get(2 * piece + 1);
    }
}
