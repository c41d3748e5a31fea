package io.sentifuse.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.sentifuse.image.ImageHeader.Format;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image file to upright 8-bit RGB, whatever the name says: JPEG (also CMYK and greyscale), PNG (also
 * palette, 16-bit, alpha: dropped), GIF (first frame), BMP, WebP, TIFF.
 *
 * <p>The main path is OpenCV's {@code imdecode}, the decoder behind DataVec's {@code NativeImageLoader}.
 * OpenCV 4.5.5 has no GIF decoder, and anything else it refuses, goes through {@code javax.imageio}.
 * Before any pixel is decoded, {@link ImageHeader} checks the container, because libjpeg decodes a
 * truncated JPEG silently with grey rows. EXIF orientation is applied here ({@link ExifOrientation}), the
 * same way on both paths.
 *
 * <p>Memory policy for very large JPEGs: libjpeg decodes at 1/2, 1/4 or 1/8 scale (DCT scaling, never the
 * full bitmap) by the largest factor that keeps the shorter side at least {@link #keepShorterSide()} pixels
 * (default {@value #DEFAULT_KEEP_SHORTER_SIDE}, twice a 256-pixel resize, so model inputs lose nothing; a
 * 6000x4000 photo decodes as 1500x1000, 4.5 MB instead of 72 MB). Smaller images are decoded at full size.
 * Any image that would still exceed {@value #MAX_PIXELS} pixels is refused as too large.
 *
 * <p>Thread-safe and stateless: the data pipeline calls one instance from several threads.
 */
public final class ImageDecoder {

    /** Default lower bound on the shorter side of a reduced-size JPEG decode. */
    public static final int DEFAULT_KEEP_SHORTER_SIDE = 512;

    /** Largest decoded image accepted, in pixels (a decompression-bomb guard: 100 MP is 300 MB of RGB). */
    public static final long MAX_PIXELS = 100_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);
    private static final boolean OPENCV = loadOpenCv();

    private final int keepShorterSide;

    /** A decoder with the default reduced-size policy. */
    public ImageDecoder() {
        this(DEFAULT_KEEP_SHORTER_SIDE);
    }

    /**
     * @param keepShorterSide large JPEGs are decoded at reduced scale only while their shorter side stays
     *                        at least this long; {@link Integer#MAX_VALUE} always decodes at full size
     */
    public ImageDecoder(int keepShorterSide) {
        if (keepShorterSide < 1) {
            throw new IllegalArgumentException("keepShorterSide must be positive, got " + keepShorterSide);
        }
        this.keepShorterSide = keepShorterSide;
    }

    public int keepShorterSide() {
        return keepShorterSide;
    }

    /** Reads and decodes {@code file}. */
    public RgbImage decode(Path file) {
        return decode(read(file), file);
    }

    /** Reads {@code file} whole, with a problem naming it when it is missing or unreadable. */
    public static byte[] read(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new ImageDecodeException(file, "is a directory, not an image file");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageDecodeException(file, "image file not found");
        } catch (IOException e) {
            throw new ImageDecodeException(file, "cannot read the image file: " + e, e);
        }
    }

    /** Decodes the bytes of an image file; {@code file} only names it in problems. */
    public RgbImage decode(byte[] bytes, Path file) {
        ImageHeader header = ImageHeader.read(bytes);
        if (header.problem() != null) {
            throw new ImageDecodeException(file, header.problem());
        }
        int scale = header.format() == Format.JPEG ? reduction(header) : 1;
        if (header.pixels() > 0 && header.pixels() / ((long) scale * scale) > MAX_PIXELS) {
            throw new ImageDecodeException(file, "image too large: " + header.width() + "x" + header.height()
                    + " pixels (the limit is " + MAX_PIXELS + " decoded pixels)");
        }
        try {
            RgbImage image = null;
            if (OPENCV && header.format() != Format.GIF) {
                image = decodeOpenCv(bytes, scale);
            }
            if (image == null) {
                image = decodeImageIo(bytes, file, header.format());
            }
            return ExifOrientation.apply(image, header.orientation());
        } catch (ImageDecodeException e) {
            throw e;
        } catch (RuntimeException e) {
            // a decoder failing on hostile bytes is a problem with this item, reported like any other
            throw new ImageDecodeException(file, "cannot decode the image: " + e, e);
        }
    }

    /** The libjpeg scale denominator (1, 2, 4 or 8) for this image under the memory policy. */
    int reduction(ImageHeader header) {
        int shorter = Math.min(header.width(), header.height());
        int scale = 1;
        while (scale < 8 && shorter > 0 && shorter / (scale * 2) >= keepShorterSide) {
            scale *= 2;
        }
        return scale;
    }

    private static RgbImage decodeOpenCv(byte[] bytes, int scale) {
        int flags = switch (scale) {
            case 2 -> IMREAD_REDUCED_COLOR_2;
            case 4 -> IMREAD_REDUCED_COLOR_4;
            case 8 -> IMREAD_REDUCED_COLOR_8;
            default -> IMREAD_COLOR;
        } | IMREAD_IGNORE_ORIENTATION;
        try (BytePointer data = new BytePointer(bytes);
             Mat buf = new Mat(1, bytes.length, CV_8UC1, data);
             Mat bgr = imdecode(buf, flags)) {
            if (bgr.empty() || bgr.type() != CV_8UC3) {
                return null;
            }
            Mat dense = bgr.isContinuous() ? bgr : bgr.clone();
            int w = dense.cols();
            int h = dense.rows();
            byte[] rgb = new byte[w * h * 3];
            dense.data().get(rgb);
            if (dense != bgr) {
                dense.close();
            }
            for (int i = 0; i < rgb.length; i += 3) {
                byte t = rgb[i];
                rgb[i] = rgb[i + 2];
                rgb[i + 2] = t;
            }
            return new RgbImage(w, h, rgb);
        }
    }

    private static RgbImage decodeImageIo(byte[] bytes, Path file, Format format) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new ImageDecodeException(file, "corrupt " + name(format) + ": " + e.getMessage(), e);
        }
        if (img == null) {
            throw new ImageDecodeException(file, format == Format.UNKNOWN
                    ? "not an image: the bytes match no known image format"
                    : "corrupt " + name(format) + ": no decoder can read it");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        if ((long) w * h > MAX_PIXELS) {
            throw new ImageDecodeException(file, "image too large: " + w + "x" + h + " pixels");
        }
        byte[] rgb = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, o = y * w * 3; x < w; x++, o += 3) {
                int p = row[x];
                rgb[o] = (byte) (p >> 16);
                rgb[o + 1] = (byte) (p >> 8);
                rgb[o + 2] = (byte) p;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static String name(Format format) {
        return format == Format.UNKNOWN ? "image" : format.name();
    }

    private static boolean loadOpenCv() {
        ImageIO.setUseCache(false);
        try {
            Loader.load(opencv_imgcodecs.class);
            return true;
        } catch (Throwable e) {
            // Platforms without the OpenCV natives still decode, more slowly, through javax.imageio.
            LOG.warn("OpenCV natives unavailable ({}); decoding images with javax.imageio only", e.toString());
            return false;
        }
    }
}
