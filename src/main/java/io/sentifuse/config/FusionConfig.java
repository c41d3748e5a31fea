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
        @Default(value = "256", doc = "Feed-forward width inside transformer encoder layers (PyTorch's default, used by the course project, is 2048).")
        int ffnDim,
        @Default(value = "0.5", doc = "Dropout before each layer of the classifier MLP.")
        double dropout,
        @Default(value = "0.1", doc = "Dropout on the (standardised) input features before each modality's projection.")
        double inputDropout,
        @Default(value = "0.4", doc = "Dropout inside attention blocks: on attention weights and on the residual branches.")
        double attentionDropout,
        @Default(value = "16", doc = "tfn: width of each modality's projection; the fused vector has (tfn_dim + 1)^2 values.")
        int tfnDim,
        @Default(value = "true", doc = "Standardise frozen features per dimension with the training part's mean and std (stored with the model).")
        boolean standardize) {
}
