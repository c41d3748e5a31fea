package io.sentifuse.model;

/**
 * How one trainable parameter is optimised: its optimiser group (one learning rate per group) and whether
 * decoupled weight decay applies to it (matrices and kernels decay; biases and norm scales do not).
 *
 * @param group  {@link #HEAD} or {@link #ENCODER}
 * @param decays whether weight decay applies
 */
public record ParamSpec(String group, boolean decays) {

    /** The group of fusion-head parameters (learning rate {@code training.lr}). */
    public static final String HEAD = "head";
    /** The group of encoder parameters (learning rate {@code training.encoder_lr}, fine-tuning). */
    public static final String ENCODER = "encoder";

    /** A fusion-head parameter. */
    public static ParamSpec head(boolean decays) {
        return new ParamSpec(HEAD, decays);
    }
}
