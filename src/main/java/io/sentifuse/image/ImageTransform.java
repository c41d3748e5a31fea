package io.sentifuse.image;

/**
 * Makes one network input from a decoded image. Implementations are immutable and thread-safe (the data
 * pipeline calls them from several threads).
 */
public interface ImageTransform {

    /**
     * The network input for {@code image}: channels-first floats, {@code 3 x size() x size()}, RGB order,
     * normalised as the model expects.
     */
    float[] apply(RgbImage image);

    /** Side of the square output, in pixels. */
    int size();
}
