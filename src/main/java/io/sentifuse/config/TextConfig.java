package io.sentifuse.config;

/** The text encoder: a BERT-family ONNX model translated to SameDiff, and its tokenizer. */
public record TextConfig(
        @Default(value = "all-minilm-l6-v2", doc = "A preset from its Maven jar: all-minilm-l6-v2 (alias default;"
                + " 6 layers) | bge-small-en-v1.5 | e5-small-v2 (12 layers each; all 384-d), or an ONNX model file.")
        String model,
        @Default(value = "''", doc = "tokenizer.json or vocab.txt; empty uses the preset's own or the file beside the model.")
        String tokenizer,
        @Default(value = "128", doc = "Longest token sequence (with [CLS] and [SEP]); longer texts are truncated.")
        int maxLength,
        @Default(value = "auto", doc = "Pooled text vector: auto (the preset's own: cls for bge-small-en-v1.5, mean"
                + " otherwise and for ONNX files) | mean (masked mean of token states) | cls (the [CLS] state).")
        Pooling pooling,
        @Default(value = "auto", doc = "Text put before every input text: auto (the preset's own: 'query: ' for"
                + " e5-small-v2, none otherwise and for ONNX files) | '' (none) | any quoted string.")
        String prefix) {

    /** How token states become one vector. */
    public enum Pooling {
        /** The model's own: the preset's pooling, mean for an ONNX file (resolved by the encoder package). */
        AUTO,
        MEAN,
        CLS
    }
}
