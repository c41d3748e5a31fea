package io.sentifuse.image;

/**
 * What the first bytes and the container structure of an image file say, without decoding pixels: the
 * real format (whatever the file name claims), the stored size, the EXIF orientation, and whether the
 * container is complete.
 *
 * <p>The structure check exists because libjpeg (under OpenCV) decodes a truncated JPEG without an error,
 * filling the missing rows with grey. Walking the JPEG segments up to the end-of-image marker, and the PNG
 * chunks up to {@code IEND}, catches truncation before any pixel is trusted.
 *
 * @param format      the format the bytes hold
 * @param width       stored width in pixels, or -1 where the format's header was not parsed
 * @param height      stored height in pixels, or -1
 * @param orientation EXIF orientation 1-8 (1 = upright; JPEG only, else 1)
 * @param problem     why the container is unusable, or null when it is complete
 */
public record ImageHeader(Format format, int width, int height, int orientation, String problem) {

    /** Container formats told apart by their signature bytes. */
    public enum Format {
        JPEG, PNG, GIF, BMP, WEBP, TIFF, UNKNOWN
    }

    /** Reads the header and checks the container of {@code b}. Never throws on malformed input. */
    public static ImageHeader read(byte[] b) {
        if (b.length == 0) {
            return new ImageHeader(Format.UNKNOWN, -1, -1, 1, "empty file (0 bytes)");
        }
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
            return JpegStructure.read(b);
        }
        if (startsWith(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return png(b);
        }
        if (startsWith(b, 'G', 'I', 'F', '8')) {
            int w = b.length >= 10 ? u16le(b, 6) : -1;
            int h = b.length >= 10 ? u16le(b, 8) : -1;
            return new ImageHeader(Format.GIF, w, h, 1, b.length < 13 ? "truncated GIF: header incomplete" : null);
        }
        if (startsWith(b, 'B', 'M')) {
            return new ImageHeader(Format.BMP, -1, -1, 1, null);
        }
        if (startsWith(b, 'R', 'I', 'F', 'F') && b.length >= 12 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B'
                && b[11] == 'P') {
            return new ImageHeader(Format.WEBP, -1, -1, 1, null);
        }
        if (startsWith(b, 'I', 'I', 42, 0) || startsWith(b, 'M', 'M', 0, 42)) {
            return new ImageHeader(Format.TIFF, -1, -1, 1, null);
        }
        return new ImageHeader(Format.UNKNOWN, -1, -1, 1, null);
    }

    /** Pixels of the stored image, or -1 where unknown. */
    public long pixels() {
        return width < 0 || height < 0 ? -1 : (long) width * height;
    }

    /** Walks the PNG chunks: IHDR gives the size, a missing IEND means the file was cut short. */
    private static ImageHeader png(byte[] b) {
        int w = -1;
        int h = -1;
        int pos = 8;
        while (pos + 8 <= b.length) {
            long length = u32be(b, pos);
            String type = new String(b, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if ("IHDR".equals(type) && pos + 16 <= b.length) {
                w = (int) Math.min(Integer.MAX_VALUE, u32be(b, pos + 8));
                h = (int) Math.min(Integer.MAX_VALUE, u32be(b, pos + 12));
            }
            long end = pos + 12L + length;
            if (end > b.length) {
                return new ImageHeader(Format.PNG, w, h, 1, "truncated PNG: the file ends inside its '" + printable(type)
                        + "' chunk");
            }
            if ("IEND".equals(type)) {
                return new ImageHeader(Format.PNG, w, h, 1, null);
            }
            pos = (int) end;
        }
        return new ImageHeader(Format.PNG, w, h, 1, "truncated PNG: the file ends before its IEND chunk");
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? type : "?";
    }

    static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int u16le(byte[] b, int pos) {
        return (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8;
    }

    static int u16be(byte[] b, int pos) {
        return (b[pos] & 0xff) << 8 | (b[pos + 1] & 0xff);
    }

    static long u32be(byte[] b, int pos) {
        return (long) (b[pos] & 0xff) << 24 | (b[pos + 1] & 0xff) << 16 | (b[pos + 2] & 0xff) << 8 | (b[pos + 3] & 0xff);
    }
}
