package io.sentifuse.text;

import java.util.Map;

/**
 * HuggingFace's {@code WordPiece} model: greedy longest-match-first sub-words, later ones looked up with the
 * continuing-subword prefix ({@code ##}); a piece longer than {@code maxInputCharsPerWord} code points, or one
 * that cannot be covered completely, becomes a single unknown token.
 */
final class WordPiece implements Model {

    private final Map<String, Integer> vocab;
    private final TokenTable initial;
    private final TokenTable continuation;
    private final String unkToken;
    private final int unkId;
    private final String prefix;
    private final int maxInputCharsPerWord;
    private final int maxId;

    /** @param vocab token -> id; must contain {@code unkToken} (the caller checks and reports) */
    WordPiece(Map<String, Integer> vocab, String unkToken, String continuingSubwordPrefix, int maxInputCharsPerWord) {
        this.vocab = Map.copyOf(vocab);
        this.initial = new TokenTable(vocab, null);
        this.continuation = new TokenTable(vocab, continuingSubwordPrefix);
        this.unkToken = unkToken;
        this.unkId = vocab.get(unkToken);
        this.prefix = continuingSubwordPrefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
        this.maxId = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
    }

    @Override
    public void tokenize(CharSequence s, int from, int to, IntList out, Scratch scratch) {
        if (Character.codePointCount(s, from, to) > maxInputCharsPerWord) {
            out.add(unkId);
            return;
        }
        int mark = out.size();
        int start = from;
        while (start < to) {
            TokenTable table = start == from ? initial : continuation;
            int limit = Math.min(to, start + table.maxLength());
            int[] hashes = scratch.prefixHashes;
            if (hashes.length < limit - start) {
                hashes = scratch.prefixHashes = new int[Math.max(limit - start, hashes.length * 2)];
            }
            int h = 0;
            for (int k = start; k < limit; k++) {
                h = 31 * h + s.charAt(k);
                hashes[k - start] = h;
            }
            int end = limit;
            if (end < to && end > start && Character.isLowSurrogate(s.charAt(end))
                    && Character.isHighSurrogate(s.charAt(end - 1))) {
                end--;
            }
            int id = -1;
            while (end > start) {
                id = table.get(s, start, end, hashes[end - start - 1]);
                if (id >= 0) {
                    break;
                }
                end -= Character.charCount(Character.codePointBefore(s, end));
            }
            if (id < 0) {
                out.truncate(mark);
                out.add(unkId);
                return;
            }
            out.add(id);
            start = end;
        }
    }

    @Override
    public int tokenId(String token) {
        Integer id = vocab.get(token);
        return id == null ? -1 : id;
    }

    @Override
    public int maxId() {
        return maxId;
    }

    @Override
    public String describe() {
        return "WordPiece(" + vocab.size() + " tokens, unk=" + unkToken + ", prefix=" + prefix
                + ", max_input_chars_per_word=" + maxInputCharsPerWord + ")";
    }
}
