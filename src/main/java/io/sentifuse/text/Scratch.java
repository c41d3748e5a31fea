package io.sentifuse.text;

/**
 * One thread's reusable work buffers, so that encoding a text allocates little more than its result arrays.
 * Each {@link HfTokenizer} keeps one per thread.
 */
final class Scratch {

    /** The normalized form of the segment being encoded. */
    final StringBuilder normalized = new StringBuilder(256);
    /** Intermediate text inside one normalizer or pre-tokenizer call. */
    final StringBuilder work = new StringBuilder(256);
    final Pieces pieces = new Pieces();
    /** Model ids of the text, before the special tokens. */
    final IntList ids = new IntList(256);
    /** Added-token split of the raw text: (start, end, id or -1) triples. */
    final IntList segments = new IntList(32);
    /** Added-token split of one normalized segment. */
    final IntList segments2 = new IntList(32);

    /** WordPiece: polynomial hashes of the prefixes of the current sub-word. */
    int[] prefixHashes = new int[128];

    /** BPE: the symbols of one word (a doubly linked list over arrays) and the merge queue. */
    int[] symbol = new int[64];
    int[] symbolLength = new int[64];
    int[] previous = new int[64];
    int[] next = new int[64];
    final MergeQueue mergeQueue = new MergeQueue();

    /** Grows the symbol arrays to hold at least {@code n}, keeping their content. */
    void ensureSymbols(int n) {
        if (symbol.length < n) {
            int size = Math.max(n, symbol.length * 2);
            symbol = java.util.Arrays.copyOf(symbol, size);
            symbolLength = java.util.Arrays.copyOf(symbolLength, size);
            previous = java.util.Arrays.copyOf(previous, size);
            next = java.util.Arrays.copyOf(next, size);
        }
    }
}
