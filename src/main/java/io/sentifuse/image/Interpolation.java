package io.sentifuse.image;

/**
 * Where an output pixel samples the source in bilinear resizing. The two conventions differ by up to half a
 * source pixel, which moves a network's outputs visibly, so each model uses the one it was trained with.
 */
public enum Interpolation {

    /**
     * Pixel centres at half-integer positions: source {@code = (out + 0.5) * in / outSize - 0.5}, clamped below
     * at 0; the right/bottom neighbour is clamped to the last pixel. This is PyTorch's
     * {@code F.interpolate(mode="bilinear", align_corners=False, antialias=False)} (torchvision's tensor resize
     * without antialias). It is NOT PIL's resize: PIL widens the filter when it downscales (antialias) and rounds
     * the result to 8 bits, so a PIL-based torchvision pipeline differs by up to a few grey levels on shrunk images.
     */
    HALF_PIXEL,

    /**
     * Corners aligned: source {@code = out * (in - 1) / (outSize - 1)} (for outSize 1: {@code out * in /
     * outSize}), neighbours {@code floor} and {@code ceil} clamped to the image. This is TensorFlow.js's
     * {@code tf.image.resizeBilinear(x, size, alignCorners=true)} on the CPU backend, which nsfwjs uses;
     * the arithmetic follows that kernel's order (double precision on float32 inputs, rounded to float32).
     * nsfwjs's MobileNetV2 on inputs made this way matches nsfwjs itself within 1e-6 in probability.
     */
    ALIGN_CORNERS
}
