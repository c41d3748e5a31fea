package io.sentifuse.seeds;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The one seed of a run and the independent, named streams derived from it. A stream's seed depends only
 * on the run seed and the stream's name, so adding a new consumer never shifts the numbers another one
 * sees. This is the only place the project creates {@link Random}s.
 */
public final class Seeds {

    private final long root;

    private Seeds(long root) {
        this.root = root;
    }

    public static Seeds of(long seed) {
        return new Seeds(seed);
    }

    public long root() {
        return root;
    }

    /** The seed of the stream called {@code purpose} (e.g. "split", "init", "shuffle"). */
    public long derive(String purpose) {
        long h = 0xcbf29ce484222325L;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return mix(root ^ mix(h));
    }

    /** A fresh generator for the stream called {@code purpose}. */
    public Random random(String purpose) {
        return new Random(derive(purpose));
    }

    /** SplitMix64's finaliser: spreads nearby inputs over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
