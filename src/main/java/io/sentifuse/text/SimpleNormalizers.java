package io.sentifuse.text;

import java.util.List;
import java.util.stream.Collectors;

/** The small HuggingFace normalizers: Lowercase, StripAccents, the Unicode forms, Strip and Sequence. */
final class SimpleNormalizers {

    private SimpleNormalizers() {
    }

    /** {@code Lowercase}: Rust's per-code-point lower-casing. */
    record Lowercase() implements Normalizer {
        @Override
        public void normalize(CharSequence text, int from, int to, StringBuilder out, Scratch scratch) {
            for (int i = from; i < to; ) {
                int cp = Character.codePointAt(text, i);
                i += Character.charCount(cp);
                CharClasses.appendLowerCase(cp, out);
            }
        }

        @Override
        public String describe() {
            return "Lowercase";
        }
    }

    /** {@code StripAccents}: drops every combining mark (no decomposition first: pair it with NFD/NFKD). */
    record StripAccents() implements Normalizer {
        @Override
        public void normalize(CharSequence text, int from, int to, StringBuilder out, Scratch scratch) {
            for (int i = from; i < to; ) {
                int cp = Character.codePointAt(text, i);
                i += Character.charCount(cp);
                if (!CharClasses.is(cp, CharClasses.MARK)) {
                    out.appendCodePoint(cp);
                }
            }
        }

        @Override
        public String describe() {
            return "StripAccents";
        }
    }

    /** {@code NFC}, {@code NFD}, {@code NFKC}, {@code NFKD}. */
    record UnicodeForm(java.text.Normalizer.Form form) implements Normalizer {
        @Override
        public void normalize(CharSequence text, int from, int to, StringBuilder out, Scratch scratch) {
            out.append(CharClasses.normalize(text.subSequence(from, to), form));
        }

        @Override
        public String describe() {
            return form.name();
        }
    }

    /** {@code Strip}: removes leading and/or trailing whitespace. */
    record Strip(boolean left, boolean right) implements Normalizer {
        @Override
        public void normalize(CharSequence text, int from, int to, StringBuilder out, Scratch scratch) {
            if (left) {
                while (from < to) {
                    int cp = Character.codePointAt(text, from);
                    if (!CharClasses.is(cp, CharClasses.WHITESPACE)) {
                        break;
                    }
                    from += Character.charCount(cp);
                }
            }
            if (right) {
                while (to > from) {
                    int cp = Character.codePointBefore(text, to);
                    if (!CharClasses.is(cp, CharClasses.WHITESPACE)) {
                        break;
                    }
                    to -= Character.charCount(cp);
                }
            }
            out.append(text, from, to);
        }

        @Override
        public String describe() {
            return "Strip(left=" + left + ", right=" + right + ")";
        }
    }

    /** {@code Sequence}: each normalizer on the previous one's output. */
    record Sequence(List<Normalizer> normalizers) implements Normalizer {
        @Override
        public void normalize(CharSequence text, int from, int to, StringBuilder out, Scratch scratch) {
            CharSequence current = text;
            int start = from;
            int end = to;
            for (int i = 0; i < normalizers.size(); i++) {
                StringBuilder target = i == normalizers.size() - 1 ? out : new StringBuilder(end - start + 16);
                int mark = target.length();
                normalizers.get(i).normalize(current, start, end, target, scratch);
                current = target;
                start = mark;
                end = target.length();
            }
            if (normalizers.isEmpty()) {
                out.append(text, from, to);
            }
        }

        @Override
        public String describe() {
            return normalizers.stream().map(Normalizer::describe).collect(Collectors.joining(", ", "Sequence[", "]"));
        }
    }
}
