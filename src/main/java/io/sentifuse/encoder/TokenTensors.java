package io.sentifuse.encoder;

import io.sentifuse.text.Encoding;
import io.sentifuse.text.TokenBatch;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A padded {@link TokenBatch} as the encoder's INT64 [batch, length] input arrays: token ids, attention mask
 * (1 = real token) and token type ids.
 */
public record TokenTensors(INDArray ids, INDArray mask, INDArray types) {

    /** The arrays of an already padded batch. */
    public static TokenTensors of(TokenBatch batch) {
        if (batch.size() == 0) {
            throw new IllegalArgumentException("an empty batch has no shape");
        }
        return new TokenTensors(
                Nd4j.createFromArray(batch.ids()).reshape('c', batch.size(), batch.length()),
                Nd4j.createFromArray(batch.attentionMask()).reshape('c', batch.size(), batch.length()),
                Nd4j.createFromArray(batch.typeIds()).reshape('c', batch.size(), batch.length()));
    }

    /** Pads {@code encodings} with {@code padId} to the longest one (dynamic padding). */
    public static TokenTensors pad(List<Encoding> encodings, long padId) {
        return of(TokenBatch.pad(encodings, padId));
    }

    public long batchSize() {
        return ids.size(0);
    }

    public long length() {
        return ids.size(1);
    }
}
