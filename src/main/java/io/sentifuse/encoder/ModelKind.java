package io.sentifuse.encoder;

import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.errors.UserInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a model encodes, detected from its input signature. */
public enum ModelKind {
    /** Integer token inputs [batch, length] (input_ids, attention_mask, token_type_ids). */
    TEXT,
    /** One floating-point image input [batch, 3, height, width] (or channels last). */
    IMAGE;

    /** The kind the inputs suggest, or null when they fit neither. */
    public static ModelKind detect(OnnxModel model) {
        return detect(model.inputs());
    }

    public static ModelKind detect(List<OnnxModel.Port> inputs) {
        boolean tokens = false;
        boolean image = false;
        for (OnnxModel.Port p : inputs) {
            if (p.dataType() == null) {
                continue;
            }
            if (p.dataType().isIntType() && p.rank() == 2) {
                tokens = true;
            }
            if (p.dataType().isFPType() && p.rank() == 4 && (p.shape()[1] == 3 || p.shape()[3] == 3)) {
                image = true;
            }
        }
        return tokens && !image ? TEXT : image && !tokens ? IMAGE : null;
    }

    /** Refuses a model whose inputs do not fit this kind, describing what it has and what was expected. */
    public void require(OnnxModel model) {
        require(model.inputs(), model.source());
    }

    public void require(List<OnnxModel.Port> ports, String source) {
        ModelKind found = detect(ports);
        if (found == this) {
            return;
        }
        String inputs = ports.stream()
                .map(p -> "'" + p.name() + "' " + p.onnxType() + Arrays.toString(p.shape()))
                .collect(Collectors.joining(", "));
        String looks = found == null ? "has inputs " + inputs : "looks like " + article(found) + " model (inputs " + inputs + ")";
        throw new UserInputException(source + " " + looks + ", not " + article(this) + " model: --kind "
                + cli() + " expects " + expectation());
    }

    public String cli() {
        return name().toLowerCase(Locale.ROOT);
    }

    private String expectation() {
        return this == TEXT ? "integer token inputs [batch, length] (input_ids, attention_mask[, token_type_ids])"
                : "one float image input [batch, 3, height, width]";
    }

    private static String article(ModelKind k) {
        return k == IMAGE ? "an image" : "a text";
    }
}
