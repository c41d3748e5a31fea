package io.sentifuse.features.store;

import java.nio.file.Path;

/**
 * Text features of every pair: the token states of the encoder's last layer (unpadded, [CLS] and [SEP]
 * included), their masked mean and the [CLS] state. Shard layout: {@code mean[rows][D]}, {@code cls[rows][D]},
 * then the token states of each row back to back ({@code lengths[r] x D}).
 */
final class TextStore extends MappedStore {

    private final int[][] tokenOffsets;
    private final int maxLength;

    TextStore(Path dir, StoreManifest manifest) {
        super(dir, manifest);
        tokenOffsets = new int[shards.length][];
        int longest = 0;
        for (int s = 0; s < shards.length; s++) {
            int[] lengths = manifest.shards().get(s).lengths();
            int[] offsets = new int[lengths.length + 1];
            for (int r = 0; r < lengths.length; r++) {
                offsets[r + 1] = offsets[r] + lengths[r];
                longest = Math.max(longest, lengths[r]);
            }
            tokenOffsets[s] = offsets;
        }
        maxLength = longest;
    }

    /** Tokens of {@code row}, [CLS] and [SEP] included. */
    int length(int row) {
        int s = shardOf(row);
        int r = localRow(row);
        return tokenOffsets[s][r + 1] - tokenOffsets[s][r];
    }

    int maxLength() {
        return maxLength;
    }

    void copyMean(int row, float[] dst, int off) {
        copy(shardOf(row), localRow(row) * dim(), dst, off, dim());
    }

    void copyCls(int row, float[] dst, int off) {
        int s = shardOf(row);
        copy(s, (shardSize(s) + localRow(row)) * dim(), dst, off, dim());
    }

    void copyTokens(int row, float[] dst, int off) {
        int s = shardOf(row);
        int r = localRow(row);
        int start = 2 * shardSize(s) * dim() + tokenOffsets[s][r] * dim();
        copy(s, start, dst, off, length(row) * dim());
    }
}
