package io.sentifuse.data;

import io.sentifuse.text.Encoding;
import io.sentifuse.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A test-only tokenizer: lower-case words (letters and digits), each mapped to a stable id by its hash,
 * between [CLS] = 1 and [SEP] = 2; pad id 0. The real WordPiece tokenizer lives in the text package.
 */
public final class TestTokenizer implements Tokenizer {

    public static final long PAD = 0;
    public static final long CLS = 1;
    public static final long SEP = 2;
    private static final int VOCAB = 1000;

    @Override
    public Encoding encode(String text, int maxLength) {
        List<Long> ids = new ArrayList<>();
        ids.add(CLS);
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && ids.size() < maxLength - 1) {
                ids.add(idOf(word));
            }
        }
        ids.add(SEP);
        long[] a = ids.stream().mapToLong(Long::longValue).toArray();
        return new Encoding(a, new long[a.length]);
    }

    /** The id of one word. */
    public static long idOf(String word) {
        return 3 + Math.floorMod(word.hashCode(), VOCAB - 3);
    }

    @Override
    public int vocabularySize() {
        return VOCAB;
    }

    @Override
    public long padId() {
        return PAD;
    }
}
