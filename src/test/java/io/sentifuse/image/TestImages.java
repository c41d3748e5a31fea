package io.sentifuse.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Images that tests draw and encode themselves: no binary fixtures needed for the decoder's cases. */
public final class TestImages {

    private TestImages() {
    }

    /** A w x h image: top half {@code top} (0xRRGGBB), bottom half {@code bottom}. */
    public static BufferedImage halves(int w, int h, int top, int bottom) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(new java.awt.Color(top));
        g.fillRect(0, 0, w, h / 2);
        g.setColor(new java.awt.Color(bottom));
        g.fillRect(0, h / 2, w, h - h / 2);
        g.dispose();
        return img;
    }

    public static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** JPEG at {@code quality} (0-1) through the JDK's writer. */
    public static byte[] jpeg(BufferedImage img, float quality) {
        return write(new IIOImage(img, null, null), quality);
    }

    /** A 4-channel (CMYK, Adobe-inverted as Photoshop stores it) JPEG of one colour (0xRRGGBB). */
    public static byte[] cmykJpeg(int w, int h, int rgb) {
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        int red = rgb >> 16 & 0xff;
        int green = rgb >> 8 & 0xff;
        int blue = rgb & 0xff;
        int k = Math.max(red, Math.max(green, blue));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // Inverted CMYK: C' = R/K', M' = G/K', Y' = B/K', K' = max(R,G,B).
                r.setSample(x, y, 0, k == 0 ? 0 : red * 255 / k);
                r.setSample(x, y, 1, k == 0 ? 0 : green * 255 / k);
                r.setSample(x, y, 2, k == 0 ? 0 : blue * 255 / k);
                r.setSample(x, y, 3, k);
            }
        }
        return write(new IIOImage(r, null, null), 0.95f);
    }

    /** A greyscale image with a vertical ramp from {@code from} to {@code to}. */
    public static BufferedImage grey(int w, int h, int from, int to) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, from + (to - from) * y / Math.max(1, h - 1));
            }
        }
        return img;
    }

    /** A palette (indexed) image: top half palette entry 0, bottom half entry 1. */
    public static BufferedImage palette(int w, int h, int colour0, int colour1) {
        byte[] r = {(byte) (colour0 >> 16), (byte) (colour1 >> 16)};
        byte[] g = {(byte) (colour0 >> 8), (byte) (colour1 >> 8)};
        byte[] b = {(byte) colour0, (byte) colour1};
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(1, 2, r, g, b));
        for (int y = h / 2; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, 1);
            }
        }
        return img;
    }

    /** {@code jpeg} with an APP1 EXIF segment holding {@code orientation}, inserted right after SOI. */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {
                'M', 'M', 0, 42, 0, 0, 0, 8,            // big-endian TIFF header, IFD0 at offset 8
                0, 1,                                    // one entry
                0x01, 0x12, 0, 3, 0, 0, 0, 1,            // tag 0x0112 orientation, SHORT, count 1
                0, (byte) orientation, 0, 0,             // value
                0, 0, 0, 0                               // no next IFD
        };
        int length = 2 + 6 + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A progressive JPEG (several scans, DHT segments between them). */
    public static byte[] progressiveJpeg(BufferedImage img) {
        return write(new IIOImage(img, null, null), 0.9f, true, 0);
    }

    /** A baseline JPEG with restart markers every {@code interval} MCUs (a DRI segment). */
    public static byte[] restartJpeg(BufferedImage img, int interval) {
        return write(new IIOImage(img, null, null), 0.9f, false, interval);
    }

    private static byte[] write(IIOImage image, float quality) {
        return write(image, quality, false, 0);
    }

    private static byte[] write(IIOImage image, float quality, boolean progressive, int restartInterval) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            if (restartInterval > 0) {
                image.setMetadata(withRestartInterval(writer, image, param, restartInterval));
            }
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static javax.imageio.metadata.IIOMetadata withRestartInterval(ImageWriter writer, IIOImage image,
                                                                          ImageWriteParam param, int interval)
            throws IOException {
        javax.imageio.metadata.IIOMetadata meta = writer.getDefaultImageMetadata(
                javax.imageio.ImageTypeSpecifier.createFromRenderedImage(image.getRenderedImage()), param);
        String format = "javax_imageio_jpeg_image_1.0";
        javax.imageio.metadata.IIOMetadataNode root = (javax.imageio.metadata.IIOMetadataNode) meta.getAsTree(format);
        javax.imageio.metadata.IIOMetadataNode markers =
                (javax.imageio.metadata.IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
        javax.imageio.metadata.IIOMetadataNode dri = new javax.imageio.metadata.IIOMetadataNode("dri");
        dri.setAttribute("interval", String.valueOf(interval));
        markers.insertBefore(dri, markers.getFirstChild());
        meta.setFromTree(format, root);
        return meta;
    }
}
