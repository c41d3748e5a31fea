package io.sentifuse.config;

/** The text encoder: a BERT-family ONNX model translated to SameDiff, and its tokenizer. */
public record TextConfig(
        @Default(value = "default", doc = "ONNX model file, or 'default' for all-MiniLM-L6-v2 from its Maven jar.")
        String model,
        @Default(value = "''", doc = "tokenizer.json or vocab.txt; empty uses the default model's or the file beside the model.")
        String tokenizer,
        @Default(value = "128", doc = "Longest token sequence (with [CLS] and [SEP]); longer texts are truncated.")
        int maxLength,
        @Default(value = "mean", doc = "Pooled text vector: mean (masked mean of token states) | cls (the [CLS] state).")
        Pooling pooling) {

    /** How token states become one vector. */
    public enum Pooling {
        MEAN,
        CLS
    }
}
