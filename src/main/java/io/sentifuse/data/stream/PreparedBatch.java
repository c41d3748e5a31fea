package io.sentifuse.data.stream;

import io.sentifuse.data.Pair;
import io.sentifuse.data.Problem;
import java.util.List;

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
}
