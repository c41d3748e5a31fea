package io.sentifuse.text;

/**
 * The ids of one text. The attention mask is 1 for every id here; padding is added per batch.
 *
 * @param ids     token ids, special tokens included
 * @param typeIds segment ids (all 0 for single-sentence input), same length as {@code ids}
 */
public record Encoding(long[] ids, long[] typeIds) {

    public Encoding {
        if (ids.length != typeIds.length) {
            throw new IllegalArgumentException("ids and typeIds differ in length: " + ids.length + " vs " + typeIds.length);
        }
    }

    public int length() {
        return ids.length;
    }
}
