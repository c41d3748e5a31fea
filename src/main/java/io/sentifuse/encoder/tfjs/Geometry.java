package io.sentifuse.encoder.tfjs;

/** Output sizes and TF-style padding of convolutions and pooling windows. */
final class Geometry {

    private Geometry() {
    }

    /**
     * TF's {@code same} padding (before, after) along one axis: output {@code ceil(in / s)}, total padding
     * {@code max((out - 1) * s + (k - 1) * d + 1 - in, 0)}, the extra pixel after (bottom/right).
     */
    static int[] samePads(int in, int k, int s, int d) {
        int out = (in + s - 1) / s;
        int total = Math.max((out - 1) * s + (k - 1) * d + 1 - in, 0);
        return new int[] {total / 2, total - total / 2};
    }

    /** Output size of a window of size k, stride s, dilation d over {@code padded} positions. */
    static int outSize(int padded, int k, int s, int d) {
        return (padded - (k - 1) * d - 1) / s + 1;
    }
}
