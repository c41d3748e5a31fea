package io.sentifuse.features;

/**
 * Sizes of a feature set's tensors.
 *
 * @param textDim   Dt: width of text vectors and token states (0 when the set holds no text features)
 * @param imageDim  Di: width of image vectors and regions (0 when the set holds no image features: a
 *                  text-only run never computes image features)
 * @param maxTokens the longest token sequence stored (0 when token states are absent); batches are padded to
 *                  their own longest sequence, never beyond this
 * @param regions   R: image regions per example (0 when regions are absent)
 */
public record FeatureDims(int textDim, int imageDim, int maxTokens, int regions) {

    public FeatureDims {
        if (textDim < 0 || imageDim < 0 || textDim + imageDim == 0 || maxTokens < 0 || regions < 0) {
            throw new IllegalArgumentException("bad feature dims: text " + textDim + ", image " + imageDim
                    + ", tokens " + maxTokens + ", regions " + regions);
        }
    }
}
