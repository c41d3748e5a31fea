package io.sentifuse.text;

import java.util.List;

/**
 * Encodings padded to the longest one in the batch: the three model inputs of a BERT-family encoder, row-major
 * {@code [size, length]}. Padded positions hold {@code padId}, attention mask 0 and type id 0 (HuggingFace's
 * right padding to the longest, with pad_type_id 0).
 *
 * @param size          number of texts
 * @param length        tokens per row: the longest encoding
 * @param ids           token ids, {@code size * length}
 * @param attentionMask 1 on real tokens, 0 on padding
 * @param typeIds       segment ids, 0 on padding
 */
public record TokenBatch(int size, int length, long[] ids, long[] attentionMask, long[] typeIds) {

    public TokenBatch {
        int cells = size * length;
        if (ids.length != cells || attentionMask.length != cells || typeIds.length != cells) {
            throw new IllegalArgumentException("a " + size + " x " + length + " batch needs " + cells + " values, got "
                    + ids.length + ", " + attentionMask.length + " and " + typeIds.length);
        }
    }

    /** Pads {@code encodings} on the right to the longest of them. */
    public static TokenBatch pad(List<Encoding> encodings, long padId) {
        int size = encodings.size();
        int length = 0;
        for (Encoding e : encodings) {
            length = Math.max(length, e.length());
        }
        long[] ids = new long[size * length];
        long[] mask = new long[size * length];
        long[] types = new long[size * length];
        for (int row = 0; row < size; row++) {
            Encoding e = encodings.get(row);
            int offset = row * length;
            System.arraycopy(e.ids(), 0, ids, offset, e.length());
            System.arraycopy(e.typeIds(), 0, types, offset, e.length());
            java.util.Arrays.fill(mask, offset, offset + e.length(), 1L);
            java.util.Arrays.fill(ids, offset + e.length(), offset + length, padId);
        }
        return new TokenBatch(size, length, ids, mask, types);
    }

    /** Number of real (unpadded) tokens in {@code row}. */
    public int realTokens(int row) {
        int n = 0;
        for (int k = row * length, end = k + length; k < end; k++) {
            n += (int) attentionMask[k];
        }
        return n;
    }
}
