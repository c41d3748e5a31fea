package io.sentifuse.text;

/**
 * What the post-processor wraps around a single sequence: special tokens before and after it (with their type
 * ids) and the type id of the sequence's own tokens. BertProcessing, RobertaProcessing and single-sequence
 * TemplateProcessing all reduce to this; ByteLevel and no post-processor add nothing.
 */
record Template(int[] prefixIds, int[] prefixTypes, int sequenceType, int[] suffixIds, int[] suffixTypes,
        String describe) {

    static final Template NONE = new Template(new int[0], new int[0], 0, new int[0], new int[0], "none");

    static Template wrap(int clsId, int sepId, String describe) {
        return new Template(new int[] {clsId}, new int[] {0}, 0, new int[] {sepId}, new int[] {0}, describe);
    }

    /** Number of special tokens added around a sequence (what truncation must leave room for). */
    int added() {
        return prefixIds.length + suffixIds.length;
    }

    int maxId() {
        int max = -1;
        for (int id : prefixIds) {
            max = Math.max(max, id);
        }
        for (int id : suffixIds) {
            max = Math.max(max, id);
        }
        return max;
    }
}
