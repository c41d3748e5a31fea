package io.sentifuse.encoder.image;

/**
 * Where a CNN graph's features are: the last spatial feature map (the input of the final global average pooling)
 * and the pooled vector ({@code [N, C]}); {@code addedFlatten} says whether the rewrite had to add a Flatten node
 * because no existing node turned the pooled {@code [N, C, 1, 1]} into {@code [N, C]}.
 */
public record FeatureTaps(String spatial, String pooled, String poolNode, boolean addedFlatten) {
}
