package io.sentifuse.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sentifuse.config.ImageConfig;
import io.sentifuse.errors.UserInputException;
import org.junit.jupiter.api.Test;

class ImageTransformsTest {

    private static final float EPS = 1e-6f;

    /** An image whose red channel holds {@code red[y][x]}, green and blue a constant. */
    private static RgbImage redImage(int[][] red, int green, int blue) {
        int h = red.length;
        int w = red[0].length;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[(y * w + x) * 3] = (byte) red[y][x];
                rgb[(y * w + x) * 3 + 1] = (byte) green;
                rgb[(y * w + x) * 3 + 2] = (byte) blue;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /** Red = x, green = y: bilinear sampling of a linear ramp returns the source coordinate itself. */
    private static RgbImage coordinateImage(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[(y * w + x) * 3] = (byte) x;
                rgb[(y * w + x) * 3 + 1] = (byte) y;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    @Test
    void alignCornersTwoByTwoToThreeByThreeHitsCornersAndMidpoints() {
        int a = 0;
        int b = 60;
        int c = 120;
        int d = 255;
        float[] out = ImageTransforms.create(TransformSpec.stretch(3, Interpolation.ALIGN_CORNERS, Normalization.UNIT))
                .apply(redImage(new int[][] {{a, b}, {c, d}}, 10, 20));
        double[] expected = {
            a, (a + b) / 2.0, b,
            (a + c) / 2.0, (a + b + c + d) / 4.0, (b + d) / 2.0,
            c, (c + d) / 2.0, d};
        for (int i = 0; i < 9; i++) {
            assertThat(out[i]).as("red pixel %d", i).isCloseTo((float) (expected[i] / 255), within(EPS));
        }
        for (int i = 0; i < 9; i++) {
            assertThat(out[9 + i]).as("green is constant").isEqualTo((float) (10 / 255.0));
            assertThat(out[18 + i]).as("blue is constant").isEqualTo((float) (20 / 255.0));
        }
    }

    @Test
    void halfPixelUpscaleMatchesPytorchInterpolate() {
        // torch.nn.functional.interpolate([[0, 255]], size=4, mode="bilinear", align_corners=False)
        // = [0, 63.75, 191.25, 255] on each row.
        float[] out = ImageTransforms.create(TransformSpec.stretch(4, Interpolation.HALF_PIXEL, Normalization.UNIT))
                .apply(redImage(new int[][] {{0, 255}, {0, 255}}, 0, 0));
        double[] row = {0, 0.25, 0.75, 1.0};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(out[y * 4 + x]).isCloseTo((float) row[x], within(EPS));
            }
        }
    }

    @Test
    void halfPixelDownscaleByTwoAveragesPairs() {
        // 4 -> 2: sources at 0.5 and 2.5, the midpoints of pixel pairs.
        float[] out = ImageTransforms.create(TransformSpec.stretch(2, Interpolation.HALF_PIXEL, Normalization.UNIT))
                .apply(redImage(new int[][] {{0, 100, 200, 250}, {0, 100, 200, 250}, {0, 100, 200, 250},
                    {0, 100, 200, 250}}, 0, 0));
        assertThat(out[0]).isCloseTo((float) (50 / 255.0), within(EPS));
        assertThat(out[1]).isCloseTo((float) (225 / 255.0), within(EPS));
    }

    @Test
    void alignCornersOnSingleSourcePixelRepeatsIt() {
        float[] out = ImageTransforms.create(TransformSpec.stretch(5, Interpolation.ALIGN_CORNERS, Normalization.UNIT))
                .apply(redImage(new int[][] {{77}}, 0, 0));
        for (int i = 0; i < 25; i++) {
            assertThat(out[i]).isEqualTo((float) (77 / 255.0));
        }
    }

    @Test
    void centreCropUsesTorchvisionSizesAndOffsets() {
        // 200 x 250 (portrait): shorter side 256 -> 256 x int(256 * 250 / 200) = 256 x 320;
        // crop 224: left = round(16) = 16, top = round(48) = 48.
        RgbImage image = coordinateImage(200, 250);
        float[] out = ImageTransforms.create(TransformSpec.crop(224, 256, Interpolation.HALF_PIXEL, Normalization.UNIT))
                .apply(image);
        int plane = 224 * 224;
        for (int[] p : new int[][] {{0, 0}, {10, 100}, {223, 223}, {111, 5}}) {
            int x = p[0];
            int y = p[1];
            double srcX = 200.0 / 256 * (x + 16 + 0.5) - 0.5;
            double srcY = 250.0 / 320 * (y + 48 + 0.5) - 0.5;
            assertThat(out[y * 224 + x] * 255.0).as("red (= source x) at %d,%d", x, y).isCloseTo(srcX, within(1e-4));
            assertThat(out[plane + y * 224 + x] * 255.0).as("green (= source y)").isCloseTo(srcY, within(1e-4));
        }
    }

    @Test
    void centreCropRoundsHalfOffsetsToEvenAsPythonDoes() {
        // 200 x 251: resized 256 x int(321.28) = 256 x 321; top = round(48.5) = 48 in Python (not 49).
        float[] out = ImageTransforms.create(TransformSpec.crop(224, 256, Interpolation.HALF_PIXEL, Normalization.UNIT))
                .apply(coordinateImage(200, 251));
        double srcY = 251.0 / 321 * (0 + 48 + 0.5) - 0.5;
        assertThat(out[224 * 224] * 255.0).isCloseTo(srcY, within(1e-4));
        float[] wide = ImageTransforms.create(TransformSpec.crop(224, 256, Interpolation.HALF_PIXEL, Normalization.UNIT))
                .apply(coordinateImage(250, 200));
        // Landscape 250 x 200 -> int(256 * 250 / 200) = 320 x 256, left = round(48) = 48.
        assertThat(wide[0] * 255.0).isCloseTo(250.0 / 320 * 48.5 - 0.5, within(1e-4));
    }

    @Test
    void imagenetNormalisationSubtractsMeanAndDividesByStd() {
        float[] out = ImageTransforms.create(TransformSpec.stretch(1, Interpolation.HALF_PIXEL, Normalization.IMAGENET))
                .apply(redImage(new int[][] {{128}}, 0, 255));
        assertThat(out[0]).isCloseTo((128 / 255f - 0.485f) / 0.229f, within(EPS));
        assertThat(out[1]).isCloseTo((0f - 0.456f) / 0.224f, within(EPS));
        assertThat(out[2]).isCloseTo((1f - 0.406f) / 0.225f, within(EPS));
    }

    @Test
    void configAutoTakesThePresetAndExplicitValuesOverrideIt() {
        ImageConfig auto = new ImageConfig("default", ImageConfig.Resize.AUTO, 999, 999, ImageConfig.Normalize.AUTO, "", ImageConfig.Tta.NONE, ImageConfig.Faces.NONE);
        assertThat(ImageTransforms.resolve(auto, ImagePreset.NSFWJS_MOBILENET_V2))
                .isEqualTo(TransformSpec.stretch(224, Interpolation.ALIGN_CORNERS, Normalization.UNIT));
        assertThat(ImageTransforms.resolve(auto, ImagePreset.TORCHVISION).describe())
                .isEqualTo("crop 256->224 half-pixel imagenet");
        ImageConfig crop = new ImageConfig("m.onnx", ImageConfig.Resize.CROP, 192, 220, ImageConfig.Normalize.UNIT, "", ImageConfig.Tta.NONE, ImageConfig.Faces.NONE);
        assertThat(ImageTransforms.resolve(crop, ImagePreset.TORCHVISION))
                .isEqualTo(TransformSpec.crop(192, 220, Interpolation.HALF_PIXEL, Normalization.UNIT));
        ImageConfig stretch = new ImageConfig("m.onnx", ImageConfig.Resize.STRETCH, 160, 256,
                ImageConfig.Normalize.IMAGENET, "", ImageConfig.Tta.NONE, ImageConfig.Faces.NONE);
        assertThat(ImageTransforms.resolve(stretch, ImagePreset.NSFWJS_MOBILENET_V2))
                .isEqualTo(TransformSpec.stretch(160, Interpolation.ALIGN_CORNERS, Normalization.IMAGENET));
    }

    @Test
    void cropSmallerThanOutputIsRejectedNamingTheKeys() {
        ImageConfig bad = new ImageConfig("m.onnx", ImageConfig.Resize.CROP, 224, 200, ImageConfig.Normalize.AUTO, "", ImageConfig.Tta.NONE, ImageConfig.Faces.NONE);
        assertThatThrownBy(() -> ImageTransforms.resolve(bad, ImagePreset.TORCHVISION))
                .isInstanceOf(UserInputException.class)
                .hasMessage("image.resize_shorter: expected at least image.size (224) so that the centre crop lies "
                        + "inside the resized image, got 200");
    }
}
