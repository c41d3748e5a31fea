package io.sentifuse.image;

/**
 * The {@link ImageTransform} of a {@link TransformSpec}: scale to [0, 1], bilinear resize (and centre crop),
 * optional mean/std standardisation; output channels-first RGB floats. Immutable and thread-safe.
 */
final class BilinearTransform implements ImageTransform {

    /** {@code x / 255} rounded to float32, as TF.js's {@code div} stores it. */
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = (float) (v / 255.0);
        }
    }

    private final TransformSpec spec;

    BilinearTransform(TransformSpec spec) {
        this.spec = spec;
    }

    @Override
    public int size() {
        return spec.size();
    }

    TransformSpec spec() {
        return spec;
    }

    @Override
    public float[] apply(RgbImage image) {
        int w = image.width();
        int h = image.height();
        int size = spec.size();
        int resizedW = size;
        int resizedH = size;
        int left = 0;
        int top = 0;
        if (spec.geometry() == Geometry.CROP) {
            int shorter = spec.resizeShorter();
            // torchvision: the longer side is int(shorter * long / short), truncated.
            if (w <= h) {
                resizedW = shorter;
                resizedH = (int) ((long) shorter * h / w);
            } else {
                resizedH = shorter;
                resizedW = (int) ((long) shorter * w / h);
            }
            // torchvision's CenterCrop: int(round((resized - size) / 2.0)), Python rounds halves to even.
            top = (int) Math.rint((resizedH - size) / 2.0);
            left = (int) Math.rint((resizedW - size) / 2.0);
        }
        SampleAxis rows = SampleAxis.of(spec.interpolation(), h, resizedH, top, size);
        SampleAxis cols = SampleAxis.of(spec.interpolation(), w, resizedW, left, size);
        float[] out = new float[3 * size * size];
        byte[] rgb = image.rgb();
        int plane = size * size;
        boolean aligned = spec.interpolation() == Interpolation.ALIGN_CORNERS;
        for (int y = 0; y < size; y++) {
            int top0 = rows.lo[y] * w;
            int bottom0 = rows.hi[y] * w;
            double fy = rows.frac[y];
            for (int x = 0; x < size; x++) {
                int l = cols.lo[x];
                int r = cols.hi[x];
                double fx = cols.frac[x];
                int o = y * size + x;
                for (int c = 0; c < 3; c++) {
                    double tl = UNIT[rgb[(top0 + l) * 3 + c] & 0xff];
                    double tr = UNIT[rgb[(top0 + r) * 3 + c] & 0xff];
                    double bl = UNIT[rgb[(bottom0 + l) * 3 + c] & 0xff];
                    double br = UNIT[rgb[(bottom0 + r) * 3 + c] & 0xff];
                    double v;
                    if (aligned) {
                        // TF.js kernel order: lerp the rows first, then between them.
                        double t = tl + (tr - tl) * fx;
                        double b = bl + (br - bl) * fx;
                        v = t + (b - t) * fy;
                    } else {
                        // PyTorch kernel order: weighted sums with (1 - lambda, lambda).
                        v = (1 - fy) * ((1 - fx) * tl + fx * tr) + fy * ((1 - fx) * bl + fx * br);
                    }
                    out[c * plane + o] = (float) v;
                }
            }
        }
        if (spec.normalization().standardises()) {
            Normalization n = spec.normalization();
            for (int c = 0; c < 3; c++) {
                float mean = n.mean(c);
                float std = n.std(c);
                for (int i = c * plane; i < (c + 1) * plane; i++) {
                    out[i] = (out[i] - mean) / std;
                }
            }
        }
        return out;
    }
}
