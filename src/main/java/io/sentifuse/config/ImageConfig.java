package io.sentifuse.config;

/** The image encoder: a CNN ONNX model (or the converted nsfwjs MobileNetV2) and its input transform. */
public record ImageConfig(
        @Default(value = "default", doc = "ONNX model file, or 'default' for the pretrained nsfwjs MobileNetV2 (converted from TF.js).")
        String model,
        @Default(value = "auto", doc = "Input transform: auto (the model's own) | stretch (direct resize) | crop (resize shorter side, centre crop).")
        Resize resize,
        @Default(value = "224", doc = "Square input size fed to the network, in pixels (used when resize is stretch or crop; auto takes the model's own).")
        int size,
        @Default(value = "256", doc = "Shorter side before the centre crop when resize is crop (at least size).")
        int resizeShorter,
        @Default(value = "auto", doc = "Pixel normalisation: auto (the model's own) | unit (x/255) | imagenet (ImageNet mean/std).")
        Normalize normalize) {

    /** Geometry of the input transform. */
    public enum Resize {
        AUTO,
        STRETCH,
        CROP
    }

    /** Pixel scaling of the input transform. */
    public enum Normalize {
        AUTO,
        UNIT,
        IMAGENET
    }
}
