package io.sentifuse.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Reads a {@code BPE} model section of tokenizer.json (merges as "a b" strings or [a, b] pairs). */
final class BpeJson {

    private BpeJson() {
    }

    static Model read(JsonNode n, String p, JsonFields j) {
        Map<String, Integer> vocab = TokenizerJson.vocab(n, p, j);
        JsonNode dropout = n.get("dropout");
        if (dropout != null && !dropout.isNull() && dropout.asDouble() > 0) {
            throw j.error(p + ".dropout", dropout.asText() + " makes tokenization random; only null or 0 is supported");
        }
        String unk = j.string(n, "unk_token", p + ".unk_token", null);
        if (unk != null && !vocab.containsKey(unk)) {
            throw j.error(p + ".unk_token", "'" + unk + "' is not in the vocabulary");
        }
        String prefix = emptyToNull(j.string(n, "continuing_subword_prefix", p + ".continuing_subword_prefix", null));
        String suffix = emptyToNull(j.string(n, "end_of_word_suffix", p + ".end_of_word_suffix", null));
        JsonNode merges = j.array(n, "merges", p + ".merges");
        int count = merges.size();
        int[] lefts = new int[count];
        int[] rights = new int[count];
        int[] merged = new int[count];
        int prefixLength = prefix == null ? 0 : prefix.length();
        int rank = 0;
        for (int i = 0; i < merges.size(); i++) {
            JsonNode m = merges.get(i);
            String mp = p + ".merges[" + i + "]";
            String a;
            String b;
            if (m.isTextual()) {
                if (m.asText().startsWith("#version")) {
                    continue;
                }
                String[] parts = m.asText().split(" ", -1);
                if (parts.length != 2) {
                    throw j.error(mp, "expected \"left right\", found " + JsonFields.kind(m));
                }
                a = parts[0];
                b = parts[1];
            } else if (m.isArray() && m.size() == 2 && m.get(0).isTextual() && m.get(1).isTextual()) {
                a = m.get(0).asText();
                b = m.get(1).asText();
            } else {
                throw j.error(mp, "expected \"left right\" or [left, right], found " + JsonFields.kind(m));
            }
            lefts[rank] = id(vocab, a, mp, j);
            rights[rank] = id(vocab, b, mp, j);
            String joined = a + (b.length() >= prefixLength ? b.substring(prefixLength) : b);
            merged[rank] = id(vocab, joined, mp, j);
            rank++;
        }
        MergeTable table = new MergeTable(java.util.Arrays.copyOf(lefts, rank), java.util.Arrays.copyOf(rights, rank),
                java.util.Arrays.copyOf(merged, rank));
        return new Bpe(vocab, table, rank, unk, prefix, suffix, j.bool(n, "fuse_unk", p + ".fuse_unk", false),
                j.bool(n, "byte_fallback", p + ".byte_fallback", false),
                j.bool(n, "ignore_merges", p + ".ignore_merges", false));
    }

    private static int id(Map<String, Integer> vocab, String token, String path, JsonFields j) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw j.error(path, "'" + token + "' is not in the vocabulary");
        }
        return id;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
