package io.sentifuse.features;

import io.sentifuse.model.BatchSource;
import io.sentifuse.seeds.Seeds;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;

/**
 * A {@link FeatureSet} as a {@link BatchSource}: batches of the kinds a head reads; a training epoch visits the
 * examples in a permutation drawn from the run seed's {@code "shuffle/epoch-N"} stream.
 */
public final class FeatureBatches implements BatchSource<FeatureBatch> {

    private final FeatureSet set;
    private final Set<FeatureKind> kinds;
    private final Seeds seeds;

    public FeatureBatches(FeatureSet set, Set<FeatureKind> kinds, Seeds seeds) {
        this.set = set;
        this.kinds = Set.copyOf(kinds);
        this.seeds = seeds;
    }

    public FeatureSet set() {
        return set;
    }

    @Override
    public int size() {
        return set.size();
    }

    @Override
    public int[] labelIndices() {
        return set.labelIndices();
    }

    @Override
    public Iterator<FeatureBatch> pass(int batchSize, int epoch) {
        int n = set.size();
        int[] order = epoch == IN_ORDER ? identity(n) : permutation(n, seeds.random("shuffle/epoch-" + epoch));
        return new Iterator<>() {
            private int from;

            @Override
            public boolean hasNext() {
                return from < n;
            }

            @Override
            public FeatureBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int[] idx = Arrays.copyOfRange(order, from, Math.min(n, from + batchSize));
                from += batchSize;
                return set.batch(idx, kinds);
            }
        };
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    /** A uniform permutation of 0..n-1 (Fisher-Yates). */
    static int[] permutation(int n, Random rng) {
        int[] p = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
