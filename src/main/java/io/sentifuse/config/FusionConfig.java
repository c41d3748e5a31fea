package io.sentifuse.config;

/** The fusion head: which one (by registry name) and its size. */
public record FusionConfig(
        @Default(value = "ote", doc = "Fusion head by name: naive-cat | naive-combine | cmac | hstec | ote | text-only | image-only | late-average | gmu | tfn.")
        String head,
        @Default(value = "64", doc = "Width each modality is projected to before fusion.")
        int projectionDim,
        @Default(value = "128", doc = "Hidden width of the classifier MLP.")
        int hiddenDim,
        @Default(value = "8", doc = "Attention heads in attention-based heads (must divide projection_dim).")
        int heads,
        @Default(value = "1", doc = "Transformer encoder layers in hstec / ote.")
        int layers,
        @Default(value = "0.5", doc = "Dropout before the classifier.")
        double dropout,
        @Default(value = "0.4", doc = "Dropout on attention weights.")
        double attentionDropout) {
}
