package io.sentifuse.image;

/** The input transform a model family was trained with; {@code auto} in the config means the model's preset. */
public enum ImagePreset {

    /** nsfwjs MobileNetV2 (TF.js): {@code x / 255}, aligned-corner bilinear stretch to 224 x 224, no crop. */
    NSFWJS_MOBILENET_V2(TransformSpec.stretch(224, Interpolation.ALIGN_CORNERS, Normalization.UNIT)),

    /** nsfwjs InceptionV3 (TF.js): as MobileNetV2, at 299 x 299. */
    NSFWJS_INCEPTION_V3(TransformSpec.stretch(299, Interpolation.ALIGN_CORNERS, Normalization.UNIT)),

    /** torchvision ImageNet models (ResNet): shorter side 256, centre crop 224, ImageNet mean/std. */
    TORCHVISION(TransformSpec.crop(224, 256, Interpolation.HALF_PIXEL, Normalization.IMAGENET));

    private final TransformSpec spec;

    ImagePreset(TransformSpec spec) {
        this.spec = spec;
    }

    public TransformSpec spec() {
        return spec;
    }

    /** The name used in files and messages, e.g. {@code nsfwjs-mobilenet-v2}. */
    public String id() {
        return name().toLowerCase().replace('_', '-');
    }
}
