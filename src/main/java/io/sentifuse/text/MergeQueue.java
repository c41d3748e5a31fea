package io.sentifuse.text;

import java.util.Arrays;

/**
 * The BPE merge queue: a binary min-heap ordered by (rank, position), as {@code tokenizers}' {@code Merge}
 * ordering; each entry also carries the merged id that validates it when it is popped.
 */
final class MergeQueue {

    private long[] keys = new long[64];
    private int[] mergedIds = new int[64];
    private int size;

    void clear() {
        size = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(long rank, int position, int mergedId) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            mergedIds = Arrays.copyOf(mergedIds, size * 2);
        }
        long key = (rank << 32) | (position & 0xFFFFFFFFL);
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (keys[parent] <= key) {
                break;
            }
            keys[i] = keys[parent];
            mergedIds[i] = mergedIds[parent];
            i = parent;
        }
        keys[i] = key;
        mergedIds[i] = mergedId;
    }

    int topPosition() {
        return (int) keys[0];
    }

    int topMergedId() {
        return mergedIds[0];
    }

    void pop() {
        long key = keys[--size];
        int id = mergedIds[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && keys[child + 1] < keys[child]) {
                child++;
            }
            if (keys[child] >= key) {
                break;
            }
            keys[i] = keys[child];
            mergedIds[i] = mergedIds[child];
            i = child;
        }
        if (size > 0) {
            keys[i] = key;
            mergedIds[i] = id;
        }
    }
}
