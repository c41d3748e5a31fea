package io.sentifuse.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDecoderTest {

    private static final int RED = 0xE02010;
    private static final int BLUE = 0x1030D0;

    private final ImageDecoder decoder = new ImageDecoder();

    @TempDir
    Path dir;

    @Test
    void jpegDecodesToRgbInTheRightChannelOrder() throws IOException {
        RgbImage img = decodeFile("a.jpg", TestImages.jpeg(TestImages.halves(64, 48, RED, BLUE), 0.95f));
        assertThat(img.width()).isEqualTo(64);
        assertThat(img.height()).isEqualTo(48);
        assertColour(img, 10, 5, RED, 12);
        assertColour(img, 10, 40, BLUE, 12);
    }

    @Test
    void pngBehindAJpgNameDecodesExactly() throws IOException {
        RgbImage img = decodeFile("png.jpg", TestImages.encode(TestImages.halves(30, 20, RED, BLUE), "png"));
        assertColour(img, 0, 0, RED, 0);
        assertColour(img, 29, 19, BLUE, 0);
    }

    @Test
    void gifBehindAJpgNameFallsBackToImageIo() throws IOException {
        // OpenCV 4.5.5 has no GIF decoder; this proves the javax.imageio path.
        RgbImage img = decodeFile("gif.jpg", TestImages.encode(TestImages.halves(30, 20, RED, BLUE), "gif"));
        assertThat(img.width()).isEqualTo(30);
        assertColour(img, 3, 3, RED, 0);
        assertColour(img, 3, 17, BLUE, 0);
    }

    @Test
    void cmykJpegBecomesRgb() throws IOException {
        byte[] cmyk = TestImages.cmykJpeg(32, 16, RED);
        assertThat(cmyk[0] & 0xff).isEqualTo(0xFF);
        RgbImage img = decodeFile("cmyk.jpg", cmyk);
        assertThat(img.width()).isEqualTo(32);
        assertColour(img, 16, 8, RED, 16);
    }

    @Test
    void greyscaleJpegBecomesThreeEqualChannels() throws IOException {
        RgbImage img = decodeFile("grey.jpg", TestImages.jpeg(TestImages.grey(16, 64, 20, 230), 0.95f));
        for (int y : new int[] {0, 32, 63}) {
            assertThat(img.get(5, y, 0)).isEqualTo(img.get(5, y, 1)).isEqualTo(img.get(5, y, 2));
        }
        assertThat(img.get(5, 0, 0)).isCloseTo(20, org.assertj.core.data.Offset.offset(6));
        assertThat(img.get(5, 63, 0)).isCloseTo(230, org.assertj.core.data.Offset.offset(6));
    }

    @Test
    void palettePngDecodesToItsColours() throws IOException {
        RgbImage img = decodeFile("palette.png", TestImages.encode(TestImages.palette(20, 10, RED, BLUE), "png"));
        assertColour(img, 0, 0, RED, 0);
        assertColour(img, 19, 9, BLUE, 0);
    }

    /** Red marks the stored image's top-left quadrant; where it lands shows the rotation applied. */
    @ParameterizedTest(name = "EXIF orientation {0}: red corner at {1}")
    @CsvSource({"1, top-left", "2, top-right", "3, bottom-right", "4, bottom-left",
            "5, top-left", "6, top-right", "7, bottom-right", "8, bottom-left"})
    void exifOrientationIsApplied(int orientation, String redCorner) throws IOException {
        java.awt.image.BufferedImage src = TestImages.halves(64, 32, BLUE, BLUE);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                src.setRGB(x, y, RED);
            }
        }
        byte[] jpeg = TestImages.withExifOrientation(TestImages.jpeg(src, 0.95f), orientation);
        assertThat(ImageHeader.read(jpeg).orientation()).isEqualTo(orientation);
        RgbImage img = decodeFile("o" + orientation + ".jpg", jpeg);
        boolean swapped = orientation >= 5;
        assertThat(img.width()).isEqualTo(swapped ? 32 : 64);
        assertThat(img.height()).isEqualTo(swapped ? 64 : 32);
        int w = img.width();
        int h = img.height();
        int[][] corners = {{2, 2}, {w - 3, 2}, {w - 3, h - 3}, {2, h - 3}};
        String[] names = {"top-left", "top-right", "bottom-right", "bottom-left"};
        for (int i = 0; i < 4; i++) {
            assertColour(img, corners[i][0], corners[i][1], names[i].equals(redCorner) ? RED : BLUE, 16);
        }
    }

    @Test
    void oneByOneImagesDecode() throws IOException {
        RgbImage jpg = decodeFile("1.jpg", TestImages.jpeg(TestImages.halves(1, 1, RED, RED), 0.95f));
        RgbImage png = decodeFile("1.png", TestImages.encode(TestImages.halves(1, 1, BLUE, BLUE), "png"));
        assertThat(jpg.width()).isEqualTo(1);
        assertThat(jpg.height()).isEqualTo(1);
        assertColour(png, 0, 0, BLUE, 0);
    }

    @Test
    void veryLargeJpegDecodesAtReducedScaleKeepingTheShorterSide() throws IOException {
        byte[] big = TestImages.jpeg(TestImages.halves(6000, 4000, RED, BLUE), 0.5f);
        ImageHeader header = ImageHeader.read(big);
        assertThat(header.width()).isEqualTo(6000);
        assertThat(header.height()).isEqualTo(4000);
        assertThat(decoder.reduction(header)).isEqualTo(4);
        RgbImage img = decodeFile("big.jpg", big);
        assertThat(img.width()).isEqualTo(1500);
        assertThat(img.height()).isEqualTo(1000);
        assertColour(img, 700, 200, RED, 12);
        assertColour(img, 700, 800, BLUE, 12);
        assertThat(new ImageDecoder(Integer.MAX_VALUE).reduction(header)).isEqualTo(1);
        assertThat(decoder.reduction(new ImageHeader(ImageHeader.Format.JPEG, 1024, 1023, 1, null))).isEqualTo(1);
        assertThat(decoder.reduction(new ImageHeader(ImageHeader.Format.JPEG, 1100, 1024, 1, null))).isEqualTo(2);
    }

    @Test
    void truncatedJpegIsReportedAlthoughOpenCvWouldDecodeIt() throws IOException {
        byte[] full = TestImages.jpeg(TestImages.halves(400, 300, RED, BLUE), 0.95f);
        byte[] cut = Arrays.copyOf(full, full.length * 6 / 10);
        Path file = write("cut.jpg", cut);
        assertThatThrownBy(() -> decoder.decode(file))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessage(file + ": truncated JPEG: the image data ends without an end-of-image marker");
    }

    @Test
    void progressiveAndRestartMarkerJpegsDecodeAndTheirTruncationIsReported() throws IOException {
        java.awt.image.BufferedImage src = TestImages.halves(160, 120, RED, BLUE);
        byte[] progressive = TestImages.progressiveJpeg(src);
        byte[] restarts = TestImages.restartJpeg(src, 2);
        assertThat(contains(progressive, 0xC2)).as("SOF2 marker").isTrue();
        assertThat(contains(restarts, 0xDD)).as("DRI marker").isTrue();
        assertThat(contains(restarts, 0xD0)).as("RST0 marker").isTrue();
        for (byte[] jpeg : List.of(progressive, restarts)) {
            RgbImage img = decodeFile("ok.jpg", jpeg);
            assertColour(img, 80, 10, RED, 12);
            assertColour(img, 80, 110, BLUE, 12);
            Path cut = write("cut.jpg", Arrays.copyOf(jpeg, jpeg.length * 7 / 10));
            assertThatThrownBy(() -> decoder.decode(cut)).isInstanceOf(ImageDecodeException.class)
                    .hasMessageContaining("truncated JPEG");
        }
    }

    private static boolean contains(byte[] b, int marker) {
        for (int i = 0; i + 1 < b.length; i++) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == marker) {
                return true;
            }
        }
        return false;
    }

    @Test
    void jpegCutInsideItsHeadersIsReported() throws IOException {
        byte[] full = TestImages.jpeg(TestImages.halves(40, 30, RED, BLUE), 0.95f);
        Path file = write("head.jpg", Arrays.copyOf(full, 40));
        assertThatThrownBy(() -> decoder.decode(file)).isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith(file + ": truncated JPEG: the file ends inside");
    }

    @Test
    void trailingBytesAfterTheEndOfImageAreAccepted() throws IOException {
        byte[] full = TestImages.jpeg(TestImages.halves(40, 30, RED, BLUE), 0.95f);
        byte[] padded = Arrays.copyOf(full, full.length + 100);
        assertThat(decodeFile("padded.jpg", padded).width()).isEqualTo(40);
    }

    @Test
    void truncatedPngIsReported() throws IOException {
        byte[] full = TestImages.encode(TestImages.halves(40, 30, RED, BLUE), "png");
        Path file = write("cut.png", Arrays.copyOf(full, full.length - 3));
        assertThatThrownBy(() -> decoder.decode(file)).isInstanceOf(ImageDecodeException.class)
                .hasMessage(file + ": truncated PNG: the file ends inside its 'IEND' chunk");
    }

    @Test
    void missingEmptyAndNonImageFilesAreProblemsNamingTheFile() throws IOException {
        Path missing = dir.resolve("nope.jpg");
        assertThatThrownBy(() -> decoder.decode(missing)).isInstanceOf(ImageDecodeException.class)
                .hasMessage(missing + ": image file not found")
                .satisfies(e -> assertThat(((ImageDecodeException) e).problem()).isEqualTo("image file not found"));
        Path empty = write("empty.jpg", new byte[0]);
        assertThatThrownBy(() -> decoder.decode(empty)).hasMessage(empty + ": empty file (0 bytes)");
        Path text = write("text.jpg", "not an image at all".getBytes());
        assertThatThrownBy(() -> decoder.decode(text))
                .hasMessage(text + ": not an image: the bytes match no known image format");
        Path folder = Files.createDirectory(dir.resolve("folder.jpg"));
        assertThatThrownBy(() -> decoder.decode(folder)).hasMessage(folder + ": is a directory, not an image file");
    }

    @Test
    void jpegWithGarbageInsteadOfSegmentsIsCorrupt() throws IOException {
        byte[] bytes = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1,
                0, 1, 0, 0, 'x', 'y', 'z', 'z', 'y'};
        Path file = write("garbage.jpg", bytes);
        assertThatThrownBy(() -> decoder.decode(file)).hasMessage(file + ": corrupt JPEG: expected a marker at byte 20");
    }

    private RgbImage decodeFile(String name, byte[] bytes) throws IOException {
        return decoder.decode(write(name, bytes));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    static void assertColour(RgbImage img, int x, int y, int rgb, int tolerance) {
        int[] expected = {rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff};
        for (int c = 0; c < 3; c++) {
            assertThat(img.get(x, y, c)).as("channel %d at (%d,%d)", c, x, y)
                    .isBetween(expected[c] - tolerance, expected[c] + tolerance);
        }
    }
}
