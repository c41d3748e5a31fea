package io.sentifuse.text;

import java.util.Map;

/**
 * An immutable token -> id map that is looked up by a range of characters, so that no substring is created per
 * lookup. Keys live back to back in one {@code char[]}; open addressing with linear probing; the hash is the
 * polynomial {@code h = 31 * h + c} (the same as {@link String#hashCode()}), which callers can extend one character
 * at a time.
 */
final class TokenTable {

    private static final int EMPTY = -1;

    private final int[] slots;
    private final int[] hashes;
    private final int[] ids;
    private final int[] offsets;
    private final char[] chars;
    private final int mask;
    private final int maxLength;
    private final int size;

    /** @param tokens token -> id; keys with {@code stripPrefix} are stored without it, others are left out when it is set */
    TokenTable(Map<String, Integer> tokens, String stripPrefix) {
        int n = 0;
        int totalChars = 0;
        for (String token : tokens.keySet()) {
            if (stripPrefix == null || token.startsWith(stripPrefix)) {
                n++;
                totalChars += token.length() - (stripPrefix == null ? 0 : stripPrefix.length());
            }
        }
        int capacity = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
        slots = new int[capacity];
        java.util.Arrays.fill(slots, EMPTY);
        mask = capacity - 1;
        hashes = new int[n];
        ids = new int[n];
        offsets = new int[n + 1];
        chars = new char[totalChars];
        int entry = 0;
        int pos = 0;
        int longest = 0;
        for (Map.Entry<String, Integer> e : tokens.entrySet()) {
            String token = e.getKey();
            if (stripPrefix != null) {
                if (!token.startsWith(stripPrefix)) {
                    continue;
                }
                token = token.substring(stripPrefix.length());
            }
            token.getChars(0, token.length(), chars, pos);
            offsets[entry] = pos;
            pos += token.length();
            offsets[entry + 1] = pos;
            int h = token.hashCode();
            hashes[entry] = h;
            ids[entry] = e.getValue();
            longest = Math.max(longest, token.length());
            int slot = mix(h) & mask;
            while (slots[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = entry;
            entry++;
        }
        size = n;
        maxLength = longest;
    }

    /** Length in chars of the longest key: longer ranges are never in the table. */
    int maxLength() {
        return maxLength;
    }

    int size() {
        return size;
    }

    static int hash(CharSequence s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    /** The id of {@code s[from, to)}, or -1. */
    int get(CharSequence s, int from, int to) {
        return get(s, from, to, hash(s, from, to));
    }

    /** The id of {@code s[from, to)} whose {@link #hash} the caller already has, or -1. */
    int get(CharSequence s, int from, int to, int hash) {
        int length = to - from;
        int slot = mix(hash) & mask;
        while (true) {
            int entry = slots[slot];
            if (entry == EMPTY) {
                return -1;
            }
            if (hashes[entry] == hash && offsets[entry + 1] - offsets[entry] == length && sameChars(entry, s, from)) {
                return ids[entry];
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean sameChars(int entry, CharSequence s, int from) {
        for (int k = offsets[entry], end = offsets[entry + 1]; k < end; k++, from++) {
            if (chars[k] != s.charAt(from)) {
                return false;
            }
        }
        return true;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
