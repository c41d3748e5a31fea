package io.sentifuse.config;

/** Where the paired text-image samples come from and how they are split. */
public record DataConfig(
        @Default(value = "datasets/fixture/mvsa-single", doc = "Dataset directory (or manifest file); relative paths resolve against the working directory.")
        String path,
        @Default(value = "mvsa-single", doc = "Dataset format: mvsa-single | mvsa-multiple | manifest.")
        String format,
        @Default(value = "paper", doc = "Split protocol: paper (random 80/20 train/val) | standard (stratified 8:1:1 train/dev/test).")
        SplitProtocol protocol,
        @Default(value = "''", doc = "Existing split file to reuse; empty derives the split from protocol and seed.")
        String splitFile,
        @Default(value = "skip", doc = "Missing or corrupt items: skip (counted and listed) | fail (stop with an error naming the item).")
        ItemPolicy itemPolicy,
        @Default(value = "2", doc = "Threads that decode and transform samples while the model works on the previous batch.")
        int workers,
        @Default(value = "4", doc = "Batches decoded ahead of the consumer; bounds memory when streaming images.")
        int prefetchBatches) {

    /** How pairs are divided into parts. */
    public enum SplitProtocol {
        /** The seed paper's: the labelled pairs, random 80/20 train/val. */
        PAPER,
        /** The community's: stratified 8:1:1 train/dev/test. */
        STANDARD
    }

    /** What happens to an item that cannot be read. */
    public enum ItemPolicy {
        SKIP,
        FAIL
    }
}
