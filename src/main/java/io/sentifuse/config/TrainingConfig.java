package io.sentifuse.config;

/** The optimisation of a run. */
public record TrainingConfig(
        @Default(value = "frozen", doc = "frozen (encoders fixed, features from the cache) | finetune (end to end).")
        Mode mode,
        @Default(value = "10", doc = "Passes over the training part.")
        int epochs,
        @Default(value = "16", doc = "Pairs per optimiser step.")
        int batchSize,
        @Default(value = "1.0e-3", doc = "AdamW learning rate of the fusion head.")
        double lr,
        @Default(value = "5.0e-6", doc = "AdamW learning rate of the encoders (finetune mode).")
        double encoderLr,
        @Default(value = "0.01", doc = "Decoupled (AdamW) weight decay.")
        double weightDecay,
        @Default(value = "none", doc = "Class weights in the loss: none | balanced (inverse class frequency).")
        ClassWeights classWeights,
        @Default(value = "1.0", doc = "Clip the global gradient norm to this value; 0 disables clipping.")
        double gradClip,
        @Default(value = "weighted-f1", doc = "Validation metric that selects the best epoch: accuracy | weighted-f1 | macro-f1 | loss.")
        Metric selectMetric,
        @Default(value = "0", doc = "Stop after this many epochs without improvement of select_metric; 0 never stops early.")
        int patience) {

    /** Whether the encoders train. */
    public enum Mode {
        FROZEN,
        FINETUNE
    }

    /** Loss weighting by class. */
    public enum ClassWeights {
        NONE,
        BALANCED
    }

    /** A validation figure that ranks epochs. */
    public enum Metric {
        ACCURACY,
        WEIGHTED_F1,
        MACRO_F1,
        LOSS
    }
}
