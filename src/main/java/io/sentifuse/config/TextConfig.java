package io.sentifuse.config;

import java.util.List;

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
        String prefix,
        @Default(value = "[]", doc = "More text encoders whose pooled vectors are appended to text.model's (preset"
                + " names or ONNX files; each with its own tokenizer, pooling and prefix, and the same max_length):"
                + " two encoders in one head. Only for heads that read pooled text, in frozen-feature training.")
        List<String> extraModels,
        @Default(value = "[-1]", doc = "Which transformer layers make the token states (and so every pooled vector):"
                + " the element-wise mean of their outputs. -1 is the last layer (the model as exported), -2 the one"
                + " before; 1 the first. [-1, -2, -3, -4]: the last four averaged. Only for text.model, not"
                + " extra_models; needs a Hugging Face export's node names for anything but [-1].")
        List<Integer> layers) {

    public TextConfig {
        // settings saved before extra_models or layers existed (bundles, fine-tuned models) read them as absent
        extraModels = extraModels == null ? List.of() : List.copyOf(extraModels);
        layers = layers == null ? List.of(-1) : List.copyOf(layers);
    }

    /** How token states become one vector. */
    public enum Pooling {
        /** The model's own: the preset's pooling, mean for an ONNX file (resolved by the encoder package). */
        AUTO,
        MEAN,
        CLS
    }
}
