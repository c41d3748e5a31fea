package io.sentifuse.encoder;

import io.sentifuse.encoder.image.ImageModelSpec;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.VerificationCase;
import java.util.List;

/**
 * What importing differs in per model kind. Adding a kind means one implementation and one line in
 * {@link #of(ModelKind)}.
 */
public interface KindSupport {

    ModelKind kind();

    /** Inputs on which the translated graph is compared with ONNX Runtime. */
    List<VerificationCase> cases(OnnxModel model);

    /** What the cache entry records about an image model's features (null for other kinds). */
    default ImageModelSpec image() {
        return null;
    }

    /** The support of {@code kind}; image models need their located features, see {@link #image(ImageModelSpec)}. */
    static KindSupport of(ModelKind kind) {
        return switch (kind) {
            case TEXT -> new TextSupport();
            case IMAGE -> throw new IllegalArgumentException("an image model's support needs its located features:"
                    + " use KindSupport.image(spec)");
        };
    }

    static KindSupport image(ImageModelSpec spec) {
        return new ImageSupport(spec);
    }
}
