package io.sentifuse.encoder;

import io.sentifuse.text.Encoding;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch of token ids padded to its longest member, with the attention mask (1 = real token) and the
 * token type ids, as INT64 [batch, length] arrays.
 */
public record TokenBatch(INDArray ids, INDArray mask, INDArray types) {

    /** Pads {@code encodings} with {@code padId} to the longest one (dynamic padding). */
    public static TokenBatch pad(List<Encoding> encodings, long padId) {
        if (encodings.isEmpty()) {
            throw new IllegalArgumentException("an empty batch has no shape");
        }
        int length = encodings.stream().mapToInt(Encoding::length).max().orElse(0);
        long[][] ids = new long[encodings.size()][length];
        long[][] mask = new long[encodings.size()][length];
        long[][] types = new long[encodings.size()][length];
        for (int b = 0; b < encodings.size(); b++) {
            Encoding e = encodings.get(b);
            for (int t = 0; t < length; t++) {
                boolean real = t < e.length();
                ids[b][t] = real ? e.ids()[t] : padId;
                mask[b][t] = real ? 1 : 0;
                types[b][t] = real ? e.typeIds()[t] : 0;
            }
        }
        return new TokenBatch(Nd4j.createFromArray(ids), Nd4j.createFromArray(mask), Nd4j.createFromArray(types));
    }

    public long batchSize() {
        return ids.size(0);
    }

    public long length() {
        return ids.size(1);
    }
}
