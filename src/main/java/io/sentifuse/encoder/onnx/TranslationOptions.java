package io.sentifuse.encoder.onnx;

/**
 * How a model is translated.
 *
 * @param prefix  put before every SameDiff variable name the translation creates (e.g. {@code "text/"}), so that
 *                several models can share one graph; empty for none
 * @param weights whether floating-point initializers become trainable variables or constants
 * @param fuse    rewrite op patterns into faster forms that compute the same function with the same trainable
 *                weights: decomposed LayerNorm into ND4J's layer_norm, Conv + BatchNormalization into one
 *                convolution with the folded weight and bias, depthwise convolutions into shifted products,
 *                Clip(0, 6) into relu6
 */
public record TranslationOptions(String prefix, Weights weights, boolean fuse) {

    /** Where a model's initializers go. */
    public enum Weights {
        /**
         * Floating-point initializers with more than one element become trainable SameDiff variables (weight
         * matrices, biases, embedding tables, norm scales); scalars and integer tensors stay constants, because
         * they are hyper-parameters or shape data (epsilons, sqrt(d), reshape targets), and so do
         * BatchNormalization running means and variances, which are statistics of the training data.
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
