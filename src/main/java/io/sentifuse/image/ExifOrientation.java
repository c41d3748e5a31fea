package io.sentifuse.image;

/**
 * Turns an image stored with an EXIF orientation (1-8) upright. Phones store the sensor's pixels and
 * record the rotation in EXIF; a model trained on upright pictures must see them upright.
 */
public final class ExifOrientation {

    private ExifOrientation() {
    }

    /** {@code image} as displayed for EXIF orientation {@code orientation}; 1 or unknown returns it unchanged. */
    public static RgbImage apply(RgbImage image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        byte[] src = image.rgb();
        byte[] dst = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int dx;
                int dy;
                switch (orientation) {
                    case 2 -> { dx = w - 1 - x; dy = y; }             // mirror horizontally
                    case 3 -> { dx = w - 1 - x; dy = h - 1 - y; }     // rotate 180
                    case 4 -> { dx = x; dy = h - 1 - y; }             // mirror vertically
                    case 5 -> { dx = y; dy = x; }                     // transpose
                    case 6 -> { dx = h - 1 - y; dy = x; }             // rotate 90 clockwise
                    case 7 -> { dx = h - 1 - y; dy = w - 1 - x; }     // transverse
                    default -> { dx = y; dy = w - 1 - x; }            // 8: rotate 90 counter-clockwise
                }
                int s = (y * w + x) * 3;
                int d = (dy * ow + dx) * 3;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return new RgbImage(ow, oh, dst);
    }
}
