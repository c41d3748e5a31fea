package io.sentifuse.text;

import java.util.Arrays;

/** A growable {@code int} list that is reused across calls (part of a thread's {@link Scratch}). */
final class IntList {

    private int[] values;
    private int size;

    IntList(int capacity) {
        values = new int[Math.max(4, capacity)];
    }

    void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    void add(int a, int b) {
        add(a);
        add(b);
    }

    int get(int index) {
        return values[index];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** Drops everything from {@code newSize} on; a no-op when the list is already that short. */
    void truncate(int newSize) {
        if (newSize < size) {
            size = newSize;
        }
    }
}
