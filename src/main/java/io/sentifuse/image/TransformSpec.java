package io.sentifuse.image;

import io.sentifuse.errors.UserInputException;

/**
 * Everything that defines an image transform. Steps, in order: scale 8-bit values to [0, 1] as float32
 * ({@code x / 255}); resize (and crop) with bilinear {@code interpolation}; then, for
 * {@link Normalization#IMAGENET}, subtract the mean and divide by the standard deviation per channel.
 * Resizing is linear, so scaling before it only changes float rounding; doing it first reproduces TF.js
 * (nsfwjs) exactly.
 *
 * @param geometry      stretch or shorter-side resize + centre crop
 * @param size          side of the square output
 * @param resizeShorter shorter side before the crop ({@link Geometry#CROP} only; at least {@code size})
 * @param interpolation bilinear sampling convention
 * @param normalization pixel scaling
 */
public record TransformSpec(Geometry geometry, int size, int resizeShorter, Interpolation interpolation,
        Normalization normalization) {

    public TransformSpec {
        if (size <= 0) {
            throw new UserInputException("image.size: expected a positive number of pixels, got " + size);
        }
        if (geometry == Geometry.CROP && resizeShorter < size) {
            throw new UserInputException("image.resize_shorter: expected at least image.size (" + size
                    + ") so that the centre crop lies inside the resized image, got " + resizeShorter);
        }
    }

    /** Direct resize to {@code size x size}. */
    public static TransformSpec stretch(int size, Interpolation interpolation, Normalization normalization) {
        return new TransformSpec(Geometry.STRETCH, size, size, interpolation, normalization);
    }

    /** Shorter side to {@code resizeShorter}, then the centred {@code size x size} square. */
    public static TransformSpec crop(int size, int resizeShorter, Interpolation interpolation,
            Normalization normalization) {
        return new TransformSpec(Geometry.CROP, size, resizeShorter, interpolation, normalization);
    }

    /** One line for logs and provenance, e.g. {@code crop 256->224 half-pixel imagenet}. */
    public String describe() {
        String g = geometry == Geometry.CROP ? "crop " + resizeShorter + "->" + size : "stretch " + size;
        return g + " " + interpolation.name().toLowerCase().replace('_', '-') + " "
                + normalization.name().toLowerCase();
    }
}
