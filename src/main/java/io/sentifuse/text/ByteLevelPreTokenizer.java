package io.sentifuse.text;

/**
 * HuggingFace's {@code ByteLevel} pre-tokenizer (GPT-2, RoBERTa): optionally a space before the text, the GPT-2
 * split {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}, then every UTF-8 byte
 * of a piece becomes one printable character of GPT-2's byte-to-unicode table. The split is hand-written
 * (same alternatives, same order, same backtracking outcome) so that it runs without a regex engine.
 */
record ByteLevelPreTokenizer(boolean addPrefixSpace, boolean useRegex) implements PreTokenizer {

    /** GPT-2's bytes_to_unicode: printable Latin-1 bytes map to themselves, the rest to U+0100 and up. */
    private static final char[] BYTE_CHAR = new char[256];

    static {
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_CHAR[b] = printable ? (char) b : (char) (256 + n++);
        }
    }

    private static final int KIND_SPACE = 0;
    private static final int KIND_LETTER = 1;
    private static final int KIND_NUMBER = 2;
    private static final int KIND_OTHER = 3;

    static char byteChar(int b) {
        return BYTE_CHAR[b];
    }

    @Override
    public void split(CharSequence text, int from, int to, Pieces out, Scratch scratch) {
        CharSequence source = text;
        if (addPrefixSpace && from < to && text.charAt(from) != ' ') {
            StringBuilder prefixed = scratch.work;
            prefixed.setLength(0);
            prefixed.append(' ').append(text, from, to);
            source = prefixed;
            to = prefixed.length();
            from = 0;
        }
        if (!useRegex) {
            appendBytes(source, from, to, out);
            return;
        }
        for (int i = from; i < to; ) {
            int end = matchAt(source, i, to);
            appendBytes(source, i, end, out);
            i = end;
        }
    }

    /** End of the GPT-2 pattern's leftmost match starting at {@code i} (it always matches: \s+ is the fallback). */
    static int matchAt(CharSequence s, int i, int n) {
        char c = s.charAt(i);
        if (c == '\'' && i + 1 < n) {
            char d = s.charAt(i + 1);
            if (d == 's' || d == 't' || d == 'm' || d == 'd') {
                return i + 2;
            }
            if (i + 2 < n) {
                char e = s.charAt(i + 2);
                if ((d == 'r' && e == 'e') || (d == 'v' && e == 'e') || (d == 'l' && e == 'l')) {
                    return i + 3;
                }
            }
        }
        int kind = kind(s, i);
        int afterSpace = c == ' ' && i + 1 < n ? kind(s, i + 1) : KIND_SPACE;
        for (int wanted = KIND_LETTER; wanted <= KIND_OTHER; wanted++) {
            if (afterSpace == wanted) {
                return runEnd(s, i + 1, n, wanted);
            }
            if (kind == wanted) {
                return runEnd(s, i, n, wanted);
            }
        }
        int end = runEnd(s, i, n, KIND_SPACE);
        if (end == n) {
            return end;
        }
        int last = end - Character.charCount(Character.codePointBefore(s, end));
        return last > i ? last : end;
    }

    private static int runEnd(CharSequence s, int i, int n, int kind) {
        while (i < n && kind(s, i) == kind) {
            i += Character.charCount(Character.codePointAt(s, i));
        }
        return i;
    }

    private static int kind(CharSequence s, int i) {
        int flags = CharClasses.flags(Character.codePointAt(s, i));
        if ((flags & CharClasses.WHITESPACE) != 0) {
            return KIND_SPACE;
        }
        if ((flags & CharClasses.LETTER) != 0) {
            return KIND_LETTER;
        }
        return (flags & CharClasses.NUMBER) != 0 ? KIND_NUMBER : KIND_OTHER;
    }

    /** Appends {@code s[from, to)} as one piece of byte characters. */
    private static void appendBytes(CharSequence s, int from, int to, Pieces out) {
        StringBuilder chars = out.chars;
        int start = chars.length();
        for (int i = from; i < to; ) {
            int cp = Character.codePointAt(s, i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                chars.append(BYTE_CHAR[cp]);
            } else if (cp < 0x800) {
                chars.append(BYTE_CHAR[0xC0 | (cp >> 6)]).append(BYTE_CHAR[0x80 | (cp & 0x3F)]);
            } else if (cp < 0x10000) {
                chars.append(BYTE_CHAR[0xE0 | (cp >> 12)]).append(BYTE_CHAR[0x80 | ((cp >> 6) & 0x3F)])
                        .append(BYTE_CHAR[0x80 | (cp & 0x3F)]);
            } else {
                chars.append(BYTE_CHAR[0xF0 | (cp >> 18)]).append(BYTE_CHAR[0x80 | ((cp >> 12) & 0x3F)])
                        .append(BYTE_CHAR[0x80 | ((cp >> 6) & 0x3F)]).append(BYTE_CHAR[0x80 | (cp & 0x3F)]);
            }
        }
        out.close(start);
    }

    @Override
    public String describe() {
        return "ByteLevel(add_prefix_space=" + addPrefixSpace + ", use_regex=" + useRegex + ")";
    }
}
