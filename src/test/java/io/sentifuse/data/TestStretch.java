package io.sentifuse.data;

import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.RgbImage;

/**
 * A test-only image transform: bilinear stretch to size x size (pixel centres aligned), x/255,
 * channels first. The real per-model transforms live in the image package.
 */
public final class TestStretch implements ImageTransform {

    private final int size;

    public TestStretch(int size) {
        this.size = size;
    }

    @Override
    public float[] apply(RgbImage image) {
        int w = image.width();
        int h = image.height();
        byte[] src = image.rgb();
        float[] out = new float[3 * size * size];
        int plane = size * size;
        float sx = (float) w / size;
        float sy = (float) h / size;
        for (int y = 0; y < size; y++) {
            float fy = Math.max(0, (y + 0.5f) * sy - 0.5f);
            int y0 = Math.min((int) fy, h - 1);
            int y1 = Math.min(y0 + 1, h - 1);
            float dy = fy - y0;
            for (int x = 0; x < size; x++) {
                float fx = Math.max(0, (x + 0.5f) * sx - 0.5f);
                int x0 = Math.min((int) fx, w - 1);
                int x1 = Math.min(x0 + 1, w - 1);
                float dx = fx - x0;
                for (int c = 0; c < 3; c++) {
                    float a = src[(y0 * w + x0) * 3 + c] & 0xff;
                    float b = src[(y0 * w + x1) * 3 + c] & 0xff;
                    float d = src[(y1 * w + x0) * 3 + c] & 0xff;
                    float e = src[(y1 * w + x1) * 3 + c] & 0xff;
                    float top = a + (b - a) * dx;
                    float bottom = d + (e - d) * dx;
                    out[c * plane + y * size + x] = (top + (bottom - top) * dy) / 255f;
                }
            }
        }
        return out;
    }

    @Override
    public int size() {
        return size;
    }
}
