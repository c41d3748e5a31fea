package io.sentifuse.features;

/**
 * One kind of encoder output a fusion head can consume. A head declares the kinds it needs, so the feature
 * cache computes and stores only those (token states are by far the largest).
 */
public enum FeatureKind {
    /** Pooled text vector {@code [N, Dt]} (masked mean or [CLS], per {@code text.pooling}). */
    TEXT_POOLED,
    /** Text token states {@code [N, T, Dt]} with their mask {@code [N, T]} (1 = real token, 0 = padding). */
    TEXT_TOKENS,
    /** Pooled image vector {@code [N, Di]} (global average pool of the last feature map). */
    IMAGE_POOLED,
    /** Image regions {@code [N, R, Di]}: the last feature map's cells in row-major order, e.g. R = 7 x 7. */
    IMAGE_REGIONS
}
