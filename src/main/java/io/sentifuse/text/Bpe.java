package io.sentifuse.text;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HuggingFace's {@code BPE} model: one symbol per character (unknown ones become the unknown token, fused or
 * not, or byte-fallback tokens), then merges applied lowest rank first, leftmost first among equal ranks, exactly
 * as {@code tokenizers}' {@code Word::merge_all} orders them (a priority queue with stale entries skipped).
 */
final class Bpe implements Model {

    private final Map<String, Integer> vocab;
    private final TokenTable table;
    private final MergeTable merges;
    private final int mergeCount;
    private final int unkId;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final String prefix;
    private final String suffix;
    private final int[] byteIds;
    private final int maxId;

    /**
     * @param unkToken              null for none (unknown characters are then dropped, as in HuggingFace)
     * @param continuingSubwordPrefix null or the prefix of every non-initial symbol
     * @param endOfWordSuffix       null or the suffix of the last symbol
     */
    Bpe(Map<String, Integer> vocab, MergeTable merges, int mergeCount, String unkToken, String continuingSubwordPrefix,
            String endOfWordSuffix, boolean fuseUnk, boolean byteFallback, boolean ignoreMerges) {
        this.vocab = Map.copyOf(vocab);
        this.table = new TokenTable(vocab, null);
        this.merges = merges;
        this.mergeCount = mergeCount;
        this.unkId = unkToken == null ? -1 : vocab.get(unkToken);
        this.prefix = continuingSubwordPrefix;
        this.suffix = endOfWordSuffix;
        this.fuseUnk = fuseUnk;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        this.byteIds = new int[256];
        for (int b = 0; b < 256; b++) {
            byteIds[b] = vocab.getOrDefault(String.format("<0x%02X>", b), -1);
        }
        this.maxId = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
    }

    @Override
    public void tokenize(CharSequence s, int from, int to, IntList out, Scratch scratch) {
        if (from >= to) {
            return;
        }
        if (ignoreMerges) {
            int id = table.get(s, from, to);
            if (id >= 0) {
                out.add(id);
                return;
            }
        }
        int n = 0;
        int pendingUnkLength = 0;
        for (int i = from; i < to; ) {
            int cp = Character.codePointAt(s, i);
            int next = i + Character.charCount(cp);
            int id = lookup(s, i, next, i == from, next == to, scratch);
            int byteLength = utf8Length(cp);
            int fallback;
            if (id >= 0) {
                if (pendingUnkLength > 0) {
                    n = addSymbol(scratch, n, unkId, pendingUnkLength);
                    pendingUnkLength = 0;
                }
                n = addSymbol(scratch, n, id, byteLength);
            } else if (byteFallback && (fallback = addFallbackBytes(scratch, n, s, i, next, i == from, next == to)) > 0) {
                // As in HuggingFace, a pending unknown token stays pending across fallback bytes.
                n += fallback;
            } else if (unkId >= 0) {
                if (pendingUnkLength > 0 && fuseUnk) {
                    pendingUnkLength += byteLength;
                } else {
                    if (pendingUnkLength > 0) {
                        n = addSymbol(scratch, n, unkId, pendingUnkLength);
                    }
                    pendingUnkLength = byteLength;
                }
            }
            i = next;
        }
        if (pendingUnkLength > 0) {
            n = addSymbol(scratch, n, unkId, pendingUnkLength);
        }
        mergeAll(scratch, n);
        for (int k = 0; k < n; k++) {
            if (scratch.symbolLength[k] != 0) {
                out.add(scratch.symbol[k]);
            }
        }
    }

    private int lookup(CharSequence s, int from, int to, boolean first, boolean last, Scratch scratch) {
        boolean withPrefix = prefix != null && !first;
        boolean withSuffix = suffix != null && last;
        if (!withPrefix && !withSuffix) {
            return table.get(s, from, to);
        }
        StringBuilder w = composed(s, from, to, withPrefix, withSuffix, scratch);
        return table.get(w, 0, w.length());
    }

    private StringBuilder composed(CharSequence s, int from, int to, boolean withPrefix, boolean withSuffix,
            Scratch scratch) {
        StringBuilder w = scratch.work;
        w.setLength(0);
        if (withPrefix) {
            w.append(prefix);
        }
        w.append(s, from, to);
        if (withSuffix) {
            w.append(suffix);
        }
        return w;
    }

    /**
     * Adds one symbol per UTF-8 byte of the character (with its prefix/suffix) when every byte has a
     * {@code <0xNN>} token; returns how many were added, 0 when some byte has none.
     */
    private int addFallbackBytes(Scratch scratch, int n, CharSequence s, int from, int to, boolean first,
            boolean last) {
        String text = composed(s, from, to, prefix != null && !first, suffix != null && last, scratch).toString();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (byteIds[b & 0xFF] < 0) {
                return 0;
            }
        }
        for (int k = 0; k < bytes.length; k++) {
            addSymbol(scratch, n + k, byteIds[bytes[k] & 0xFF], 1);
        }
        return bytes.length;
    }

    private static int addSymbol(Scratch scratch, int n, int id, int length) {
        scratch.ensureSymbols(n + 1);
        scratch.symbol[n] = id;
        scratch.symbolLength[n] = length;
        scratch.previous[n] = n - 1;
        scratch.next[n] = n + 1;
        return n + 1;
    }

    private void mergeAll(Scratch scratch, int n) {
        if (n == 0) {
            return;
        }
        scratch.next[n - 1] = -1;
        int[] sym = scratch.symbol;
        int[] len = scratch.symbolLength;
        int[] prev = scratch.previous;
        int[] next = scratch.next;
        MergeQueue queue = scratch.mergeQueue;
        queue.clear();
        for (int i = 0; i + 1 < n; i++) {
            long m = merges.get(sym[i], sym[i + 1]);
            if (m >= 0) {
                queue.push(m >>> 32, i, (int) m);
            }
        }
        while (!queue.isEmpty()) {
            int pos = queue.topPosition();
            int newId = queue.topMergedId();
            queue.pop();
            if (len[pos] == 0 || next[pos] == -1) {
                continue;
            }
            int right = next[pos];
            long m = merges.get(sym[pos], sym[right]);
            if (m < 0 || (int) m != newId) {
                continue;
            }
            sym[pos] = newId;
            len[pos] += len[right];
            next[pos] = next[right];
            len[right] = 0;
            if (next[pos] != -1) {
                prev[next[pos]] = pos;
            }
            if (prev[pos] >= 0) {
                long left = merges.get(sym[prev[pos]], sym[pos]);
                if (left >= 0) {
                    queue.push(left >>> 32, prev[pos], (int) left);
                }
            }
            if (next[pos] != -1) {
                long after = merges.get(sym[pos], sym[next[pos]]);
                if (after >= 0) {
                    queue.push(after >>> 32, pos, (int) after);
                }
            }
        }
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
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
        return "BPE(" + vocab.size() + " tokens, " + mergeCount + " merges" + (unkId >= 0 ? ", unk id " + unkId : "")
                + (byteFallback ? ", byte_fallback" : "") + (ignoreMerges ? ", ignore_merges" : "") + ")";
    }
}
