package io.sentifuse.encoder;

import io.sentifuse.encoder.image.ImageModelSpec;
import io.sentifuse.encoder.image.ImageModels;
import io.sentifuse.encoder.image.NsfwjsReference;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.VerificationCase;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.ImageTransforms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

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
        List<NsfwjsReference.Item> pictures = NsfwjsReference.mobileNetV2();
        int s = spec.inputSize();
        int per = 3 * s * s;
        List<VerificationCase> out = new ArrayList<>();
        int next = 0;
        for (int batch : BATCHES) {
            float[] x = new float[batch * per];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(transform.apply(pictures.get(next++ % pictures.size()).image()), 0, x, b * per, per);
            }
            String shape = batch + "x3x" + s + "x" + s;
            out.add(new VerificationCase(shape, shape, Map.of(spec.input(), Nd4j.createFromArray(x).reshape(batch, 3, s, s)),
                    null));
        }
        return out;
    }
}
