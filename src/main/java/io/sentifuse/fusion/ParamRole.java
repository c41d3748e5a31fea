package io.sentifuse.fusion;

/** What a trainable parameter is; the optimiser decays only {@link #WEIGHT}s. */
public enum ParamRole {
    /** A weight matrix of a dense layer or an attention projection: decayed. */
    WEIGHT,
    /** An additive bias: not decayed. */
    BIAS,
    /** A layer-norm gain or shift: not decayed. */
    NORM,
    /** A learned embedding added to inputs (modality, position): not decayed. */
    EMBEDDING,
    /** A scalar mixing weight or offset: not decayed. */
    SCALAR;

    /** Whether decoupled weight decay applies to parameters of this role. */
    public boolean decays() {
        return this == WEIGHT;
    }
}
