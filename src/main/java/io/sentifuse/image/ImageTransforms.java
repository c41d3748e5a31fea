package io.sentifuse.image;

import io.sentifuse.config.ImageConfig;

/** Makes {@link ImageTransform}s from a {@link TransformSpec} or from the {@code image} config and a model's preset. */
public final class ImageTransforms {

    private ImageTransforms() {
    }

    public static ImageTransform create(TransformSpec spec) {
        return new BilinearTransform(spec);
    }

    /**
     * The transform spec the config asks for on a model whose own transform is {@code preset}.
     * {@code resize: auto} keeps the preset's geometry and sizes ({@code size} and {@code resize_shorter} are
     * then ignored); {@code stretch} or {@code crop} use the configured sizes. {@code normalize: auto} keeps the
     * preset's normalisation. The interpolation convention is always the model's own.
     */
    public static TransformSpec resolve(ImageConfig config, ImagePreset preset) {
        TransformSpec own = preset.spec();
        Normalization normalization = switch (config.normalize()) {
            case AUTO -> own.normalization();
            case UNIT -> Normalization.UNIT;
            case IMAGENET -> Normalization.IMAGENET;
        };
        return switch (config.resize()) {
            case AUTO -> new TransformSpec(own.geometry(), own.size(), own.resizeShorter(), own.interpolation(),
                    normalization);
            case STRETCH -> TransformSpec.stretch(config.size(), own.interpolation(), normalization);
            case CROP -> TransformSpec.crop(config.size(), config.resizeShorter(), own.interpolation(),
                    normalization);
        };
    }

    /** Shorthand for {@code create(resolve(config, preset))}. */
    public static ImageTransform fromConfig(ImageConfig config, ImagePreset preset) {
        return create(resolve(config, preset));
    }
}
