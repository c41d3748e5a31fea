package io.sentifuse.image;

/**
 * Bilinear sampling positions along one axis: for each output index, the two source indices and the weight
 * of the second. Precomputed once per image size so that the per-pixel loop only reads arrays.
 */
final class SampleAxis {

    final int[] lo;
    final int[] hi;
    final double[] frac;

    private SampleAxis(int n) {
        lo = new int[n];
        hi = new int[n];
        frac = new double[n];
    }

    /**
     * Positions for {@code count} outputs starting at {@code offset} in an axis resized from {@code in} to
     * {@code resized} source-to-output pixels (a crop reads outputs {@code offset .. offset + count - 1}).
     */
    static SampleAxis of(Interpolation mode, int in, int resized, int offset, int count) {
        SampleAxis axis = new SampleAxis(count);
        boolean aligned = mode == Interpolation.ALIGN_CORNERS && resized > 1;
        // Same expression order as the reference kernels (TF.js: double ratio; PyTorch: in / out).
        double ratio = aligned ? (double) (in - 1) / (resized - 1) : (double) in / resized;
        for (int i = 0; i < count; i++) {
            int o = i + offset;
            if (mode == Interpolation.ALIGN_CORNERS) {
                double src = ratio * o;
                int lo = Math.max(0, (int) Math.floor(src));
                axis.lo[i] = lo;
                axis.hi[i] = Math.min(in - 1, (int) Math.ceil(src));
                axis.frac[i] = src - lo;
            } else {
                double src = Math.max(0.0, ratio * (o + 0.5) - 0.5);
                int lo = Math.min(in - 1, (int) src);
                axis.lo[i] = lo;
                axis.hi[i] = Math.min(in - 1, lo + 1);
                axis.frac[i] = src - lo;
            }
        }
        return axis;
    }
}
