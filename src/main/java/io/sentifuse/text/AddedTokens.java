package io.sentifuse.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The tokenizer's added tokens ({@code [CLS]}, {@code <mask>} ...), found in the text before the model sees it,
 * as HuggingFace's {@code AddedVocabulary} finds them: tokens marked {@code normalized: false} in the raw text,
 * the others in each normalized segment; leftmost-longest matches; {@code single_word}, {@code lstrip} and
 * {@code rstrip} honoured. A matched token becomes its id directly.
 */
final class AddedTokens {

    /** One added token, as tokenizer.json declares it, with its resolved id. */
    record Token(String content, int id, boolean singleWord, boolean lstrip, boolean rstrip, boolean normalized,
            boolean special) {
    }

    static final AddedTokens NONE = new AddedTokens(List.of(), null, new Scratch());

    private final List<Token> tokens;
    private final Matcher raw;
    private final Matcher normalizedMatcher;

    /** @param normalizer applied to the content of {@code normalized} tokens to get the pattern; may be null */
    AddedTokens(List<Token> tokens, Normalizer normalizer, Scratch scratch) {
        this.tokens = List.copyOf(tokens);
        List<String> rawPatterns = new ArrayList<>();
        List<Token> rawTokens = new ArrayList<>();
        List<String> normPatterns = new ArrayList<>();
        List<Token> normTokens = new ArrayList<>();
        for (Token t : tokens) {
            if (t.normalized()) {
                String pattern = t.content();
                if (normalizer != null) {
                    StringBuilder sb = new StringBuilder();
                    normalizer.normalize(pattern, 0, pattern.length(), sb, scratch);
                    pattern = sb.toString();
                }
                if (!pattern.isEmpty()) {
                    normPatterns.add(pattern);
                    normTokens.add(t);
                }
            } else {
                rawPatterns.add(t.content());
                rawTokens.add(t);
            }
        }
        raw = rawPatterns.isEmpty() ? null : new Matcher(rawPatterns, rawTokens);
        normalizedMatcher = normPatterns.isEmpty() ? null : new Matcher(normPatterns, normTokens);
    }

    List<Token> tokens() {
        return tokens;
    }

    boolean matchesNormalized() {
        return normalizedMatcher != null;
    }

    int maxId() {
        return tokens.stream().mapToInt(Token::id).max().orElse(-1);
    }

    /** Splits the raw {@code text[from, to)} into (start, end, id or -1) triples appended to {@code out}. */
    void splitRaw(CharSequence text, int from, int to, IntList out) {
        split(raw, text, from, to, out);
    }

    /** Splits a normalized segment into (start, end, id or -1) triples appended to {@code out}. */
    void splitNormalized(CharSequence text, int from, int to, IntList out) {
        split(normalizedMatcher, text, from, to, out);
    }

    private static void split(Matcher matcher, CharSequence text, int from, int to, IntList out) {
        if (from >= to) {
            return;
        }
        if (matcher == null) {
            out.add(from, to);
            out.add(-1);
            return;
        }
        int startOffset = from;
        int searchFrom = from;
        while (searchFrom < to) {
            long match = matcher.find(text, searchFrom, to);
            if (match < 0) {
                break;
            }
            int index = (int) (match >>> 32);
            Token token = matcher.tokens[index];
            int start = (int) match;
            int stop = start + matcher.patterns[index].length();
            searchFrom = stop;
            if (token.singleWord()) {
                boolean spaceBefore = start == from || !isWordChar(Character.codePointBefore(text, start));
                boolean spaceAfter = stop == to || !isWordChar(Character.codePointAt(text, stop));
                if (!spaceBefore || !spaceAfter) {
                    continue;
                }
            }
            if (token.lstrip()) {
                int newStart = start;
                while (newStart > from && CharClasses.is(Character.codePointBefore(text, newStart), CharClasses.WHITESPACE)) {
                    newStart -= Character.charCount(Character.codePointBefore(text, newStart));
                }
                start = Math.max(newStart, startOffset);
            }
            if (token.rstrip()) {
                while (stop < to && CharClasses.is(Character.codePointAt(text, stop), CharClasses.WHITESPACE)) {
                    stop += Character.charCount(Character.codePointAt(text, stop));
                }
            }
            if (startOffset < start) {
                out.add(startOffset, start);
                out.add(-1);
            }
            out.add(start, stop);
            out.add(token.id());
            startOffset = stop;
        }
        if (startOffset < to) {
            out.add(startOffset, to);
            out.add(-1);
        }
    }

    /** Rust regex's Unicode {@code \w}: alphabetic, marks, decimal digits, connector punctuation, joiners. */
    private static boolean isWordChar(int cp) {
        if (Character.isAlphabetic(cp) || cp == 0x200C || cp == 0x200D) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK || type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.CONNECTOR_PUNCTUATION;
    }

    /** Leftmost-longest search over a handful of patterns. */
    private static final class Matcher {

        final String[] patterns;
        final Token[] tokens;
        /** Bit per UTF-16 unit that starts some pattern: a cheap filter before comparing. */
        private final long[] firstChars = new long[1024];

        Matcher(List<String> patterns, List<Token> tokens) {
            Integer[] order = new Integer[patterns.size()];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingInt((Integer i) -> patterns.get(i).length()).reversed());
            this.patterns = new String[order.length];
            this.tokens = new Token[order.length];
            for (int k = 0; k < order.length; k++) {
                this.patterns[k] = patterns.get(order[k]);
                this.tokens[k] = tokens.get(order[k]);
                char c = this.patterns[k].charAt(0);
                firstChars[c >>> 6] |= 1L << c;
            }
        }

        /** (pattern index << 32 | start) of the leftmost, then longest, match in {@code text[from, to)}; -1 if none. */
        long find(CharSequence text, int from, int to) {
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if ((firstChars[c >>> 6] & (1L << c)) == 0) {
                    continue;
                }
                for (int k = 0; k < patterns.length; k++) {
                    if (regionMatches(text, i, to, patterns[k])) {
                        return ((long) k << 32) | i;
                    }
                }
            }
            return -1;
        }

        private static boolean regionMatches(CharSequence text, int at, int to, String pattern) {
            int n = pattern.length();
            if (at + n > to) {
                return false;
            }
            for (int k = 0; k < n; k++) {
                if (text.charAt(at + k) != pattern.charAt(k)) {
                    return false;
                }
            }
            return true;
        }
    }
}
