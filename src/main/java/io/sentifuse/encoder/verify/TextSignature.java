package io.sentifuse.encoder.verify;

import java.util.Locale;

/** The role of a BERT-family model input, from the names that torch.onnx.export and HF optimum write. */
public final class TextSignature {

    /** What an input carries. */
    public enum Role { IDS, MASK, TYPES, POSITIONS, OTHER }

    private TextSignature() {
    }

    public static Role role(String inputName) {
        String n = inputName.toLowerCase(Locale.ROOT);
        if (n.contains("input_ids") || n.equals("ids") || n.equals("input")) {
            return Role.IDS;
        }
        if (n.contains("attention_mask") || n.contains("input_mask") || n.equals("mask")) {
            return Role.MASK;
        }
        if (n.contains("token_type") || n.contains("segment")) {
            return Role.TYPES;
        }
        if (n.contains("position_ids")) {
            return Role.POSITIONS;
        }
        return Role.OTHER;
    }
}
