package io.sentifuse.encoder.cache;

/**
 * What a cached graph depends on.
 *
 * @param sha256     SHA-256 of the ONNX model file
 * @param translator translator version ({@code OnnxTranslator.VERSION})
 * @param variant    how it was translated: weights as variables or constants, and for image models the depthwise
 *                   form ({@code TranslationOptions.Depthwise})
 */
public record CacheKey(String sha256, int translator, String variant) {

    /** The entry's folder name. */
    public String folder() {
        return sha256 + "-t" + translator + "-" + variant;
    }
}
