package io.sentifuse.text;

import java.util.List;
import java.util.stream.Collectors;

/** The splitting pre-tokenizers: BertPreTokenizer, WhitespaceSplit and Sequence. */
final class SimplePreTokenizers {

    private SimplePreTokenizers() {
    }

    /**
     * {@code BertPreTokenizer}: splits on whitespace (dropped) and around every punctuation character (kept as a
     * piece of its own); punctuation is ASCII punctuation plus the Unicode P* categories.
     */
    record Bert() implements PreTokenizer {
        @Override
        public void split(CharSequence text, int from, int to, Pieces out, Scratch scratch) {
            int wordStart = -1;
            for (int i = from; i < to; ) {
                int cp = Character.codePointAt(text, i);
                int next = i + Character.charCount(cp);
                int flags = CharClasses.flags(cp);
                if ((flags & (CharClasses.WHITESPACE | CharClasses.PUNCTUATION)) != 0) {
                    if (wordStart >= 0) {
                        out.add(text, wordStart, i);
                        wordStart = -1;
                    }
                    if ((flags & CharClasses.WHITESPACE) == 0) {
                        out.add(text, i, next);
                    }
                } else if (wordStart < 0) {
                    wordStart = i;
                }
                i = next;
            }
            if (wordStart >= 0) {
                out.add(text, wordStart, to);
            }
        }

        @Override
        public String describe() {
            return "BertPreTokenizer";
        }
    }

    /** {@code WhitespaceSplit}: splits on whitespace, which is dropped. */
    record WhitespaceSplit() implements PreTokenizer {
        @Override
        public void split(CharSequence text, int from, int to, Pieces out, Scratch scratch) {
            int wordStart = -1;
            for (int i = from; i < to; ) {
                int cp = Character.codePointAt(text, i);
                int next = i + Character.charCount(cp);
                if (CharClasses.is(cp, CharClasses.WHITESPACE)) {
                    if (wordStart >= 0) {
                        out.add(text, wordStart, i);
                        wordStart = -1;
                    }
                } else if (wordStart < 0) {
                    wordStart = i;
                }
                i = next;
            }
            if (wordStart >= 0) {
                out.add(text, wordStart, to);
            }
        }

        @Override
        public String describe() {
            return "WhitespaceSplit";
        }
    }

    /** {@code Sequence}: each pre-tokenizer splits every piece of the previous one. */
    record Sequence(List<PreTokenizer> steps) implements PreTokenizer {
        @Override
        public void split(CharSequence text, int from, int to, Pieces out, Scratch scratch) {
            if (steps.isEmpty()) {
                out.add(text, from, to);
                return;
            }
            Pieces current = new Pieces();
            current.add(text, from, to);
            for (int s = 0; s < steps.size(); s++) {
                Pieces target = s == steps.size() - 1 ? out : new Pieces();
                for (int p = 0; p < current.count(); p++) {
                    steps.get(s).split(current.chars, current.start(p), current.end(p), target, scratch);
                }
                current = target;
            }
        }

        @Override
        public String describe() {
            return steps.stream().map(PreTokenizer::describe).collect(Collectors.joining(", ", "Sequence[", "]"));
        }
    }
}
