package io.sentifuse.data.stream;

import io.sentifuse.data.Problem;
import io.sentifuse.text.Encoding;
import io.sentifuse.text.TokenBatch;
import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One batch as the decoding threads leave it: plain Java arrays, no ND4J. INDArrays are made on the
 * consumer's thread (outside any workspace), so no native array ever crosses threads.
 *
 * @param ids       the ids of the pairs that made it, in order
 * @param labels    their class indices (or {@link io.sentifuse.data.PairRecords#UNLABELLED})
 * @param encodings token ids per pair (unpadded)
 * @param images    the transformed images back to back, {@code ids.size() * 3 * size * size} floats
 *                  (none when images are not decoded)
 * @param skipped   items of this batch skipped under the skip policy
 */
record PreparedBatch(List<String> ids, int[] labels, List<Encoding> encodings, float[] images, List<Problem> skipped) {

    boolean isEmpty() {
        return ids.isEmpty();
    }

    /**
     * The batch as ND4J arrays: token ids and attention mask padded to the longest text with {@code padId},
     * images [B,3,size,size]. Made outside any workspace the caller may have open, because the arrays outlive
     * the call.
     */
    PairBatch toPairBatch(long padId, int size) {
        int n = ids.size();
        TokenBatch tokens = TokenBatch.pad(encodings, padId);
        int t = tokens.length();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray tokenArray = Nd4j.createFromArray(tokens.ids()).reshape('c', n, t);
            INDArray maskArray = Nd4j.createFromArray(tokens.attentionMask()).reshape('c', n, t);
            // no image floats: the images were not decoded (their features come from a cache)
            INDArray imageArray = images.length == 0 ? null : Nd4j.create(images, new long[] {n, 3, size, size}, 'c');
            return new PairBatch(ids.toArray(new String[0]), labels.clone(), tokenArray, maskArray, imageArray);
        }
    }
}
