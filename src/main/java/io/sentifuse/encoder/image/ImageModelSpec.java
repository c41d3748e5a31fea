package io.sentifuse.encoder.image;

import io.sentifuse.image.ImagePreset;

/**
 * What the image encoder needs to know about a CNN graph: where images go in, where the pooled feature vector
 * and the last spatial feature map come out, and how images are prepared. The spatial map is
 * {@code [N, channels, height, width]} (NCHW); attention-based fusion reads it as {@link #regions()} region
 * vectors of {@code channels} values ({@code [N, H*W, C]} after a transpose).
 *
 * @param input           graph input, float {@code [N, 3, inputSize, inputSize]}
 * @param inputSize       side of the square input the graph expects
 * @param pooled          graph output with the pooled features, {@code [N, pooledDim]}
 * @param pooledDim       width of the pooled vector (512 ResNet-18, 2048 ResNet-50, 1280 MobileNetV2)
 * @param spatial         graph output with the last spatial feature map, {@code [N, C, H, W]}
 * @param spatialChannels C (equals {@code pooledDim})
 * @param spatialHeight   H (7 for 224-pixel ResNets and MobileNetV2)
 * @param spatialWidth    W
 * @param classOutput     the model's own first output (logits or probabilities), or {@code null} if it has none
 *                        besides the features
 * @param classes         width of {@code classOutput} (0 when absent)
 * @param preset          the model's own input transform ({@code auto} in the config)
 */
public record ImageModelSpec(String input, int inputSize, String pooled, int pooledDim, String spatial,
        int spatialChannels, int spatialHeight, int spatialWidth, String classOutput, int classes,
        ImagePreset preset) {

    /** Number of region vectors in the spatial map, {@code H * W}. */
    public int regions() {
        return spatialHeight * spatialWidth;
    }

    /**
     * Reorders one image's spatial map from {@code [C, H, W]} (as the graph returns it) to {@code [H*W, C]} region
     * vectors, row-major over (y, x).
     */
    public float[] toRegions(float[] chw, int offset) {
        int c = spatialChannels;
        int r = regions();
        float[] out = new float[r * c];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < r; i++) {
                out[i * c + ch] = chw[offset + ch * r + i];
            }
        }
        return out;
    }
}
