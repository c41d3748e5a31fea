package io.sentifuse.encoder;

import io.sentifuse.encoder.image.ImageModelSpec;
import io.sentifuse.encoder.image.ImageModels;
import io.sentifuse.encoder.image.NsfwjsReference;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.VerificationCase;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.ImageTransforms;
import java.util.List;

/**
 * Image models: verified on batches of 1 and 8 images at the model's input size, made by the model's own
 * transform (its normalisation included) from the bundled reference pictures (gradients, stripes, checkers,
 * noise, shapes, skin-coloured blobs: lossless PPMs), so that activations have the ranges real inputs give.
 */
final class ImageSupport implements KindSupport {

    /** Batch sizes verified. */
    static final int[] BATCHES = {1, 8};

    private final ImageModelSpec spec;

    ImageSupport(ImageModelSpec spec) {
        this.spec = spec;
    }

    @Override
    public ModelKind kind() {
        return ModelKind.IMAGE;
    }

    @Override
    public ImageModelSpec image() {
        return spec;
    }

    @Override
    public List<VerificationCase> cases(OnnxModel model) {
        ImageTransform transform = ImageTransforms.create(ImageModels.atSize(spec.preset().spec(), spec.inputSize()));
        return NsfwjsReference.cases(spec.input(), BATCHES, 3, spec.inputSize(), transform::apply);
    }
}
