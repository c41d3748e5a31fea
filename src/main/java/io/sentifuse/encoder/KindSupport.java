package io.sentifuse.encoder;

import io.sentifuse.encoder.onnx.OnnxModel;
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

    static KindSupport of(ModelKind kind) {
        return switch (kind) {
            case TEXT -> new TextSupport();
            case IMAGE -> new ImageSupport();
        };
    }
}
