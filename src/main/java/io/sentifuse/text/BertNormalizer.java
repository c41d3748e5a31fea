package io.sentifuse.text;

/**
 * HuggingFace's {@code BertNormalizer}, in its order: clean text (drop NUL, U+FFFD and control/format/private-use
 * characters; every whitespace becomes a space), spaces around CJK ideographs, accent stripping (NFD, then
 * non-spacing marks dropped), lower-casing code point by code point.
 *
 * @param stripAccents already resolved: HuggingFace's {@code null} means "as {@code lowercase}"
 */
record BertNormalizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase)
        implements Normalizer {

    @Override
    public void normalize(CharSequence text, int from, int to, StringBuilder out, Scratch scratch) {
        StringBuilder cleaned = scratch.work;
        cleaned.setLength(0);
        boolean ascii = true;
        for (int i = from; i < to; ) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            if (cleanText) {
                if (CharClasses.is(cp, CharClasses.CONTROL)) {
                    continue;
                }
                if (CharClasses.is(cp, CharClasses.WHITESPACE)) {
                    cp = ' ';
                }
            }
            if (handleChineseChars && CharClasses.is(cp, CharClasses.CHINESE)) {
                cleaned.append(' ').appendCodePoint(cp).append(' ');
                ascii = false;
            } else {
                cleaned.appendCodePoint(cp);
                ascii &= cp < 0x80;
            }
        }
        if (ascii) {
            appendAscii(cleaned, out);
            return;
        }
        // Already-decomposed text (most text: "…", CJK, emoji) is used as it is, without a normalized copy.
        CharSequence source = stripAccents && !java.text.Normalizer.isNormalized(cleaned, java.text.Normalizer.Form.NFD)
                ? CharClasses.normalize(cleaned, java.text.Normalizer.Form.NFD) : cleaned;
        for (int i = 0, n = source.length(); i < n; ) {
            int cp = Character.codePointAt(source, i);
            i += Character.charCount(cp);
            if (stripAccents && CharClasses.is(cp, CharClasses.NONSPACING_MARK)) {
                continue;
            }
            if (lowercase) {
                CharClasses.appendLowerCase(cp, out);
            } else {
                out.appendCodePoint(cp);
            }
        }
    }

    private void appendAscii(StringBuilder cleaned, StringBuilder out) {
        if (!lowercase) {
            out.append(cleaned);
            return;
        }
        for (int i = 0, n = cleaned.length(); i < n; i++) {
            char c = cleaned.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
    }

    @Override
    public String describe() {
        return "BertNormalizer(clean_text=" + cleanText + ", handle_chinese_chars=" + handleChineseChars
                + ", strip_accents=" + stripAccents + ", lowercase=" + lowercase + ")";
    }
}
