package io.sentifuse.data.stream;

import io.sentifuse.data.Label;
import io.sentifuse.data.Pair;
import io.sentifuse.data.Problem;
import io.sentifuse.text.Encoding;
import io.sentifuse.text.TokenBatch;
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
 * @param encodings token ids per pair (unpadded)
 * @param images  the transformed images back to back, {@code pairs.size() * 3 * size * size} floats
 * @param skipped items of this batch skipped under the skip policy
 */
record PreparedBatch(List<Pair> pairs, List<Encoding> encodings, float[] images, List<Problem> skipped) {

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
        TokenBatch tokens = TokenBatch.pad(encodings, padId);
        int t = tokens.length();
        float[] labels = new float[n * Label.COUNT];
        for (int i = 0; i < n; i++) {
            labels[i * Label.COUNT + pairs.get(i).label().index()] = 1f;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray tokenArray = Nd4j.createFromArray(tokens.ids()).reshape('c', n, t);
            INDArray maskArray = Nd4j.createFromArray(tokens.attentionMask()).reshape('c', n, t);
            INDArray imageArray = Nd4j.create(images, new long[] {n, 3, size, size}, 'c');
            INDArray oneHot = Nd4j.create(labels, new long[] {n, Label.COUNT}, 'c');
            return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {tokenArray, maskArray, imageArray},
                    new INDArray[] {oneHot});
        }
    }
}
