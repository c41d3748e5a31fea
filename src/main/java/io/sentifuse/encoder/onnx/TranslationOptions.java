package io.sentifuse.encoder.onnx;

import io.sentifuse.errors.UserInputException;
import io.sentifuse.system.LoadedNd4jBinary;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How a model is translated.
 *
 * @param prefix  put before every SameDiff variable name the translation creates (e.g. {@code "text/"}), so that
 *                several models can share one graph; empty for none
 * @param weights whether floating-point initializers become trainable variables or constants
 * @param fuse    rewrite op patterns into faster forms that compute the same function with the same trainable
 *                weights: decomposed LayerNorm into ND4J's layer_norm, Conv + BatchNormalization into one
 *                convolution with the folded weight and bias, depthwise convolutions into shifted products
 *                (where {@code depthwise} says so), Clip(0, 6) into relu6
 * @param depthwise how a depthwise convolution runs when {@code fuse} is on; null: {@link Depthwise#forBackend()}
 */
public record TranslationOptions(String prefix, Weights weights, boolean fuse, Depthwise depthwise) {

    /** System property that overrides {@link Depthwise#forBackend()}: {@code native}, {@code taps} or {@code auto}. */
    public static final String DEPTHWISE_PROPERTY = "sentifuse.depthwise";

    /**
     * The form of a 2-D depthwise convolution. Which is faster depends on the ND4J build, not on the model
     * (MobileNetV2's 17 depthwise layers at batch 16, 2 cores, {@code scripts/bench/DepthwiseLayers.java}): ND4J's
     * own kernel (im2col and one small matrix product per channel) was 2.6-8.9x slower per layer than shifted
     * products, oneDNN's kernel with the padding inside the op 3.5-23x faster than them (7.3x over the eight
     * layer shapes). Both compute the same function with the same weights; their rounding differs (MobileNetV2's
     * features on MVSA-Single: up to 6e-5 relative after its 17 depthwise layers).
     */
    public enum Depthwise {
        /** ND4J's depthwise_conv2d, padding inside the op where ND4J can express it. */
        NATIVE,
        /** One shifted product per kernel tap, summed ({@code DepthwiseTaps}). */
        TAPS;

        private static Depthwise backend;

        /** Lower-case name, as the property takes it and cache keys and provenance record it. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The form {@value #DEPTHWISE_PROPERTY} asks for, or null for {@code auto} (or unset); reads no ND4J state,
         * so {@code Main} checks the property at start-up. Throws {@link UserInputException} for another value.
         */
        public static Depthwise requested() {
            String value = System.getProperty(DEPTHWISE_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
            for (Depthwise d : values()) {
                if (d.id().equals(value)) {
                    return d;
                }
            }
            if (!value.equals("auto")) {
                throw new UserInputException("-D" + DEPTHWISE_PROPERTY + " is '" + value
                        + "': expected native, taps or auto");
            }
            return null;
        }

        /**
         * NATIVE where the loaded ND4J build has a vendor convolution library (oneDNN; cuDNN in CUDA builds, not
         * measured) and its helpers are allowed, else TAPS; {@value #DEPTHWISE_PROPERTY} overrides.
         */
        public static synchronized Depthwise forBackend() {
            Depthwise requested = requested();
            if (requested != null) {
                return requested;
            }
            if (backend == null) {
                String build = LoadedNd4jBinary.buildInfo();
                boolean helpers = Nd4j.getEnvironment().helpersAllowed();
                boolean vendor = build.contains("HAVE_ONEDNN") || build.contains("HAVE_CUDNN");
                backend = vendor && helpers ? NATIVE : TAPS;
            }
            return backend;
        }
    }

    /** Where a model's initializers go. */
    public enum Weights {
        /**
         * Floating-point initializers with more than one element become trainable SameDiff variables (weight
         * matrices, biases, embedding tables, norm scales); scalars and integer tensors stay constants, because
         * they are hyper-parameters or shape data (epsilons, sqrt(d), reshape targets), and so do
         * BatchNormalization running means and variances, which are statistics of the training data.
         */
        VARIABLES,
        /**
         * Every initializer is a constant: smallest graph for inference; shape arithmetic on weights folds, and so
         * do weight-only computations such as BatchNorm folds and layouts of convolution weights.
         */
        CONSTANTS
    }

    public TranslationOptions {
        prefix = prefix == null ? "" : prefix;
        if (weights == null) {
            weights = Weights.VARIABLES;
        }
        if (depthwise == null) {
            depthwise = Depthwise.forBackend();
        }
    }

    public static TranslationOptions defaults() {
        return new TranslationOptions("", Weights.VARIABLES, true, null);
    }

    public TranslationOptions withPrefix(String p) {
        return new TranslationOptions(p, weights, fuse, depthwise);
    }

    public TranslationOptions withWeights(Weights w) {
        return new TranslationOptions(prefix, w, fuse, depthwise);
    }

    public TranslationOptions withFusion(boolean f) {
        return new TranslationOptions(prefix, weights, f, depthwise);
    }

    public TranslationOptions withDepthwise(Depthwise d) {
        return new TranslationOptions(prefix, weights, fuse, d);
    }

    /** Whether depthwise convolutions become shifted products. */
    public boolean depthwiseTaps() {
        return fuse && depthwise == Depthwise.TAPS;
    }
}
