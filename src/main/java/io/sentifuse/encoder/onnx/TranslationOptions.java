package io.sentifuse.encoder.onnx;

/**
 * How a model is translated.
 *
 * @param prefix  put before every SameDiff variable name the translation creates (e.g. {@code "text/"}), so that
 *                several models can share one graph; empty for none
 * @param weights whether floating-point initializers become trainable variables or constants
 * @param fuse    replace op patterns that ND4J has a fused op for (decomposed LayerNorm) by that op
 */
public record TranslationOptions(String prefix, Weights weights, boolean fuse) {

    /** Where a model's initializers go. */
    public enum Weights {
        /**
         * Floating-point initializers with more than one element become trainable SameDiff variables (weight
         * matrices, biases, embedding tables, norm scales); scalars and integer tensors stay constants, because
         * they are hyper-parameters or shape data (epsilons, sqrt(d), reshape targets).
         */
        VARIABLES,
        /** Every initializer is a constant: smallest graph for inference, and shape arithmetic on weights folds. */
        CONSTANTS
    }

    public TranslationOptions {
        prefix = prefix == null ? "" : prefix;
        if (weights == null) {
            weights = Weights.VARIABLES;
        }
    }

    public static TranslationOptions defaults() {
        return new TranslationOptions("", Weights.VARIABLES, true);
    }

    public TranslationOptions withPrefix(String p) {
        return new TranslationOptions(p, weights, fuse);
    }

    public TranslationOptions withWeights(Weights w) {
        return new TranslationOptions(prefix, w, fuse);
    }

    public TranslationOptions withFusion(boolean f) {
        return new TranslationOptions(prefix, weights, f);
    }
}
