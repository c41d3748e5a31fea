package io.sentifuse.image;

import io.sentifuse.image.ImageHeader.Format;

/**
 * Walks a JPEG's marker segments and entropy-coded scans from SOI to EOI: the frame size (SOFn), the EXIF
 * orientation (APP1), and whether the end-of-image marker is there. Inside scan data every 0xFF byte is
 * followed by 0x00 (stuffing) or a restart marker, so the first other marker after a scan is real; a file
 * that ends before EOI was cut short. Embedded EXIF thumbnails sit inside APP1 and are skipped whole.
 */
final class JpegStructure {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP1 = 0xE1;
    private static final int TEM = 0x01;
    private static final int ORIENTATION_TAG = 0x0112;

    private JpegStructure() {
    }

    static ImageHeader read(byte[] b) {
        int width = -1;
        int height = -1;
        int orientation = 1;
        int pos = 2;
        boolean sawFrame = false;
        while (true) {
            // Markers may be preceded by any number of 0xFF fill bytes.
            if (pos >= b.length) {
                return problem(width, height, orientation, "truncated JPEG: the file ends before the end-of-image marker");
            }
            if ((b[pos] & 0xff) != 0xFF) {
                return problem(width, height, orientation, "corrupt JPEG: expected a marker at byte " + pos);
            }
            while (pos < b.length && (b[pos] & 0xff) == 0xFF) {
                pos++;
            }
            if (pos >= b.length) {
                return problem(width, height, orientation, "truncated JPEG: the file ends before the end-of-image marker");
            }
            int marker = b[pos++] & 0xff;
            if (marker == EOI) {
                return sawFrame ? new ImageHeader(Format.JPEG, width, height, orientation, null)
                        : problem(width, height, orientation, "corrupt JPEG: no frame header before the end-of-image marker");
            }
            if (marker == SOI || marker == TEM || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            if (pos + 2 > b.length) {
                return problem(width, height, orientation, "truncated JPEG: the file ends inside a segment header");
            }
            int length = ImageHeader.u16be(b, pos);
            if (length < 2) {
                return problem(width, height, orientation, "corrupt JPEG: segment length " + length + " at byte " + pos);
            }
            int end = pos + length;
            if (end > b.length) {
                return problem(width, height, orientation, "truncated JPEG: the file ends inside a "
                        + String.format("0xFF%02X", marker) + " segment");
            }
            if (isFrame(marker) && length >= 7 && !sawFrame) {
                height = ImageHeader.u16be(b, pos + 3);
                width = ImageHeader.u16be(b, pos + 5);
                sawFrame = true;
            } else if (marker == APP1) {
                int o = exifOrientation(b, pos + 2, end);
                if (o > 0) {
                    orientation = o;
                }
            }
            pos = end;
            if (marker == SOS) {
                if (!sawFrame) {
                    return problem(width, height, orientation, "corrupt JPEG: image data before the frame header");
                }
                pos = skipScan(b, pos);
                if (pos < 0) {
                    return problem(width, height, orientation,
                            "truncated JPEG: the image data ends without an end-of-image marker");
                }
            }
        }
    }

    /** Position of the 0xFF that starts the first real marker after scan data, or -1 at end of file. */
    private static int skipScan(byte[] b, int pos) {
        for (int i = pos; i + 1 < b.length; i++) {
            if ((b[i] & 0xff) != 0xFF) {
                continue;
            }
            int next = b[i + 1] & 0xff;
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
                if (next != 0xFF) {
                    i++;
                }
                continue;
            }
            return i;
        }
        return -1;
    }

    private static boolean isFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** The orientation tag of IFD0 in an APP1 "Exif" payload [from, to), or 0 when absent or malformed. */
    static int exifOrientation(byte[] b, int from, int to) {
        if (to - from < 14 || b[from] != 'E' || b[from + 1] != 'x' || b[from + 2] != 'i' || b[from + 3] != 'f'
                || b[from + 4] != 0 || b[from + 5] != 0) {
            return 0;
        }
        int tiff = from + 6;
        boolean little;
        if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            little = true;
        } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            little = false;
        } else {
            return 0;
        }
        long ifd = u32(b, tiff + 4, little);
        if (ifd < 8 || tiff + ifd + 2 > to) {
            return 0;
        }
        int p = (int) (tiff + ifd);
        int entries = u16(b, p, little);
        for (int i = 0; i < entries; i++) {
            int e = p + 2 + i * 12;
            if (e + 12 > to) {
                return 0;
            }
            if (u16(b, e, little) == ORIENTATION_TAG) {
                int type = u16(b, e + 2, little);
                int value = type == 3 ? u16(b, e + 8, little) : (int) u32(b, e + 8, little);
                return value >= 1 && value <= 8 ? value : 0;
            }
        }
        return 0;
    }

    private static int u16(byte[] b, int p, boolean little) {
        return little ? ImageHeader.u16le(b, p) : ImageHeader.u16be(b, p);
    }

    private static long u32(byte[] b, int p, boolean little) {
        if (!little) {
            return ImageHeader.u32be(b, p);
        }
        return (long) (b[p + 3] & 0xff) << 24 | (b[p + 2] & 0xff) << 16 | (b[p + 1] & 0xff) << 8 | (b[p] & 0xff);
    }

    private static ImageHeader problem(int width, int height, int orientation, String problem) {
        return new ImageHeader(Format.JPEG, width, height, orientation, problem);
    }
}
