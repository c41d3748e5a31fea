package io.sentifuse.image;

/** How 8-bit pixel values become network inputs. */
public enum Normalization {

    /** {@code x / 255}, in [0, 1] (nsfwjs, most TF.js and Keras MobileNet ports). */
    UNIT(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f}),

    /** {@code (x / 255 - mean) / std} with ImageNet's RGB statistics (torchvision's pretrained models). */
    IMAGENET(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    private final float[] mean;
    private final float[] std;

    Normalization(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Per-channel mean (R, G, B) subtracted after scaling to [0, 1]. */
    public float mean(int channel) {
        return mean[channel];
    }

    /** Per-channel standard deviation (R, G, B) divided by after subtracting the mean. */
    public float std(int channel) {
        return std[channel];
    }

    /** Whether this normalisation changes values after scaling to [0, 1]. */
    boolean standardises() {
        return this != UNIT;
    }
}
