package io.sentifuse.image;

/**
 * A decoded image: 8-bit RGB, interleaved, row-major (height x width x 3), already upright (EXIF
 * orientation applied) and in RGB order whatever the file held (greyscale, CMYK, palette, BGR decoders).
 *
 * @param width  pixels per row
 * @param height rows
 * @param rgb    {@code width * height * 3} bytes, R G B per pixel
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + (width * height * 3) + " bytes for " + width + "x"
                    + height + " RGB, got " + rgb.length);
        }
    }

    /** Channel {@code c} (0 R, 1 G, 2 B) of pixel (x, y), 0-255. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xff;
    }
}
