package io.sentifuse.ui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A growable column of doubles (NaN = no value), and bucket-mean downsampling for charts. */
final class Series {

    private double[] values = new double[64];
    private int size;

    void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    double get(int i) {
        return values[i];
    }

    int size() {
        return size;
    }

    double last() {
        return size == 0 ? Double.NaN : values[size - 1];
    }

    /** Keeps the first {@code n} values. */
    void truncate(int n) {
        size = Math.min(size, n);
    }

    /** A series of {@code n} NaNs, for a column that appears after others have values. */
    static Series ofNaN(int n) {
        Series s = new Series();
        for (int i = 0; i < n; i++) {
            s.add(Double.NaN);
        }
        return s;
    }

    /** Buckets of consecutive rows that {@link #downsample} averages over: at most {@code maxPoints}. */
    static int bucketSize(int rows, int maxPoints) {
        return rows <= maxPoints ? 1 : (rows + maxPoints - 1) / maxPoints;
    }

    /**
     * The mean of each bucket of {@code bucket} rows (ignoring NaN; a bucket without values gives null, which
     * JSON can carry and a chart shows as a gap). With {@code bucket == 1} these are the values themselves.
     */
    List<Double> downsample(int bucket) {
        List<Double> out = new ArrayList<>((size + bucket - 1) / bucket);
        for (int start = 0; start < size; start += bucket) {
            int end = Math.min(size, start + bucket);
            double sum = 0;
            int n = 0;
            for (int i = start; i < end; i++) {
                if (Double.isFinite(values[i])) {
                    sum += values[i];
                    n++;
                }
            }
            out.add(n == 0 ? null : sum / n);
        }
        return out;
    }

    /** The last row of each bucket (for x values: iteration numbers). */
    List<Double> bucketEnds(int bucket) {
        List<Double> out = new ArrayList<>((size + bucket - 1) / bucket);
        for (int start = 0; start < size; start += bucket) {
            out.add(values[Math.min(size, start + bucket) - 1]);
        }
        return out;
    }
}
