package io.sentifuse.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns one text into model input ids. Implementations are immutable and thread-safe: the data pipeline
 * calls them from several decoding threads at once.
 */
public interface Tokenizer {

    /**
     * The ids of {@code text} with the model's special tokens ([CLS] ... [SEP] for BERT), truncated to
     * at most {@code maxLength} ids in total. Never pads: batches pad dynamically to their longest member.
     */
    Encoding encode(String text, int maxLength);

    /** Size of the vocabulary; every id is below it (checked against the model's embedding table). */
    int vocabularySize();

    /** The id that fills padded positions (attention mask 0 there). */
    long padId();

    /** Encodes each text and pads the batch to its longest member ({@link TokenBatch#pad}). */
    default TokenBatch encodeBatch(List<String> texts, int maxLength) {
        List<Encoding> encodings = new ArrayList<>(texts.size());
        for (String text : texts) {
            encodings.add(encode(text, maxLength));
        }
        return TokenBatch.pad(encodings, padId());
    }

    /** What this tokenizer is and where it came from, for logs and provenance. */
    default String description() {
        return getClass().getSimpleName();
    }

    /**
     * This tokenizer with {@code prefix} put before every text (e5's "query: "): the prefix takes its share of
     * {@code maxLength} like any other text. An empty prefix returns this tokenizer.
     */
    default Tokenizer withPrefix(String prefix) {
        return prefix.isEmpty() ? this : new PrefixedTokenizer(this, prefix);
    }
}
