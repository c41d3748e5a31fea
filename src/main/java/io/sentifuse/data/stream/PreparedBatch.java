package io.sentifuse.data.stream;

import io.sentifuse.data.Label;
import io.sentifuse.data.Pair;
import io.sentifuse.data.Problem;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One batch as the decoding threads leave it: plain Java arrays, no ND4J. INDArrays are made on the
 * consumer's thread (outside any workspace), so no native array ever crosses threads.
 *
 * @param pairs   the pairs that made it, in order
 * @param ids     token ids per pair (unpadded)
 * @param images  the transformed images back to back, {@code pairs.size() * 3 * size * size} floats
 * @param skipped items of this batch skipped under the skip policy
 */
record PreparedBatch(List<Pair> pairs, List<long[]> ids, float[] images, List<Problem> skipped) {

    boolean isEmpty() {
        return pairs.isEmpty();
    }

    /**
     * The batch as ND4J arrays: token ids and attention mask padded to the longest text with {@code padId},
     * images [B,3,size,size], one-hot labels. Made outside any workspace the caller may have open, because
     * the arrays outlive the call.
     */
    MultiDataSet toMultiDataSet(long padId, int size) {
        int n = pairs.size();
        int t = ids.stream().mapToInt(a -> a.length).max().orElse(0);
        long[] tokens = new long[n * t];
        long[] mask = new long[n * t];
        Arrays.fill(tokens, padId);
        float[] labels = new float[n * Label.COUNT];
        for (int i = 0; i < n; i++) {
            long[] row = ids.get(i);
            System.arraycopy(row, 0, tokens, i * t, row.length);
            Arrays.fill(mask, i * t, i * t + row.length, 1L);
            labels[i * Label.COUNT + pairs.get(i).label().index()] = 1f;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray tokenArray = Nd4j.createFromArray(tokens).reshape('c', n, t);
            INDArray maskArray = Nd4j.createFromArray(mask).reshape('c', n, t);
            INDArray imageArray = Nd4j.create(images, new long[] {n, 3, size, size}, 'c');
            INDArray oneHot = Nd4j.create(labels, new long[] {n, Label.COUNT}, 'c');
            return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {tokenArray, maskArray, imageArray},
                    new INDArray[] {oneHot});
        }
    }
}
