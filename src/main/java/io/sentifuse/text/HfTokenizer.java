package io.sentifuse.text;

/**
 * A HuggingFace {@code tokenizers} pipeline in plain Java: added tokens, normalizer, pre-tokenizer, model,
 * truncation, post-processor; padding is left to the batch. Produces the ids the Rust library produces for the
 * same tokenizer.json (checked against it in the tests). Immutable and thread-safe: each thread encodes with its
 * own work buffers, so an encode allocates its two result arrays and little else (texts with non-ASCII
 * characters also allocate their NFD form when accents are stripped).
 */
public final class HfTokenizer implements Tokenizer {

    private final String source;
    private final AddedTokens addedTokens;
    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final Model model;
    private final Template template;
    private final int vocabularySize;
    private final long padId;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /** @param normalizer, preTokenizer null when the tokenizer has none */
    HfTokenizer(String source, AddedTokens addedTokens, Normalizer normalizer, PreTokenizer preTokenizer, Model model,
            Template template, long padId) {
        this.source = source;
        this.addedTokens = addedTokens;
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.template = template;
        this.vocabularySize = 1 + Math.max(model.maxId(), Math.max(addedTokens.maxId(), template.maxId()));
        this.padId = padId;
    }

    @Override
    public Encoding encode(String text, int maxLength) {
        if (maxLength < template.added()) {
            throw new IllegalArgumentException("maxLength " + maxLength + " leaves no room for the " + template.added()
                    + " special tokens of " + source);
        }
        int budget = maxLength - template.added();
        text = replaceLoneSurrogates(text);
        Scratch s = scratch.get();
        IntList ids = s.ids;
        ids.clear();
        IntList segments = s.segments;
        segments.clear();
        addedTokens.splitRaw(text, 0, text.length(), segments);
        for (int k = 0; k < segments.size() && ids.size() < budget; k += 3) {
            int id = segments.get(k + 2);
            if (id >= 0) {
                ids.add(id);
            } else {
                encodeSegment(text, segments.get(k), segments.get(k + 1), budget, s);
            }
        }
        ids.truncate(budget);
        return assemble(ids);
    }

    /**
     * A lone surrogate becomes U+FFFD, as a UTF-8 decoder would have made it: HuggingFace works on Rust strings,
     * which cannot hold one. Returns {@code text} itself when it has none (the usual case: no allocation).
     */
    static String replaceLoneSurrogates(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return replaceFrom(text, i);
            }
        }
        return text;
    }

    private static String replaceFrom(String text, int first) {
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    private void encodeSegment(String text, int from, int to, int budget, Scratch s) {
        StringBuilder normalized = s.normalized;
        normalized.setLength(0);
        if (normalizer == null) {
            normalized.append(text, from, to);
        } else {
            normalizer.normalize(text, from, to, normalized, s);
        }
        if (!addedTokens.matchesNormalized()) {
            encodeNormalized(normalized, 0, normalized.length(), budget, s);
            return;
        }
        IntList parts = s.segments2;
        parts.clear();
        addedTokens.splitNormalized(normalized, 0, normalized.length(), parts);
        for (int k = 0; k < parts.size() && s.ids.size() < budget; k += 3) {
            int id = parts.get(k + 2);
            if (id >= 0) {
                s.ids.add(id);
            } else {
                encodeNormalized(normalized, parts.get(k), parts.get(k + 1), budget, s);
            }
        }
    }

    private void encodeNormalized(CharSequence text, int from, int to, int budget, Scratch s) {
        Pieces pieces = s.pieces;
        pieces.clear();
        if (preTokenizer == null) {
            pieces.add(text, from, to);
        } else {
            preTokenizer.split(text, from, to, pieces, s);
        }
        for (int p = 0; p < pieces.count() && s.ids.size() < budget; p++) {
            model.tokenize(pieces.chars, pieces.start(p), pieces.end(p), s.ids, s);
        }
    }

    private Encoding assemble(IntList ids) {
        int[] prefix = template.prefixIds();
        int[] suffix = template.suffixIds();
        int n = prefix.length + ids.size() + suffix.length;
        long[] out = new long[n];
        long[] types = new long[n];
        int k = 0;
        for (int i = 0; i < prefix.length; i++, k++) {
            out[k] = prefix[i];
            types[k] = template.prefixTypes()[i];
        }
        int sequenceType = template.sequenceType();
        for (int i = 0; i < ids.size(); i++, k++) {
            out[k] = ids.get(i);
            types[k] = sequenceType;
        }
        for (int i = 0; i < suffix.length; i++, k++) {
            out[k] = suffix[i];
            types[k] = template.suffixTypes()[i];
        }
        return new Encoding(out, types);
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public long padId() {
        return padId;
    }

    /** Number of special tokens added around every text ([CLS] and [SEP] for BERT). */
    public int specialTokenCount() {
        return template.added();
    }

    /** The id of {@code token} (model vocabulary or added token), or -1. */
    public int tokenId(String token) {
        for (AddedTokens.Token t : addedTokens.tokens()) {
            if (t.content().equals(token)) {
                return t.id();
            }
        }
        return model.tokenId(token);
    }

    @Override
    public String description() {
        return model.describe() + "; normalizer " + (normalizer == null ? "none" : normalizer.describe())
                + "; pre-tokenizer " + (preTokenizer == null ? "none" : preTokenizer.describe())
                + "; post-processor " + template.describe() + "; " + addedTokens.tokens().size() + " added tokens; from "
                + source;
    }

    @Override
    public String toString() {
        return "HfTokenizer[" + description() + "]";
    }
}
