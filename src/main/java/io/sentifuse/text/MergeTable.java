package io.sentifuse.text;

/** BPE merges: (left id, right id) -> (rank, merged id), open addressing over packed {@code long} keys. */
final class MergeTable {

    private final long[] keys;
    private final long[] values;
    private final boolean[] used;
    private final int mask;

    /** @param lefts, rights, mergedIds one entry per merge, in rank order; a repeated pair keeps its last rank */
    MergeTable(int[] lefts, int[] rights, int[] mergedIds) {
        int n = lefts.length;
        int capacity = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        used = new boolean[capacity];
        mask = capacity - 1;
        for (int rank = 0; rank < n; rank++) {
            long key = key(lefts[rank], rights[rank]);
            int slot = slot(key);
            while (used[slot] && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            used[slot] = true;
            keys[slot] = key;
            values[slot] = ((long) rank << 32) | (mergedIds[rank] & 0xFFFFFFFFL);
        }
    }

    /** (rank << 32 | merged id) of the pair, or -1 when the pair does not merge. */
    long get(int left, int right) {
        long key = key(left, right);
        int slot = slot(key);
        while (used[slot]) {
            if (keys[slot] == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    int size() {
        int n = 0;
        for (boolean u : used) {
            n += u ? 1 : 0;
        }
        return n;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
