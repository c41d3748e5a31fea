package io.sentifuse.config;

/** The optimisation of a run. */
public record TrainingConfig(
        @Default(value = "frozen", doc = "frozen (encoders fixed, features from the cache) | finetune (end to end).")
        Mode mode,
        @Default(value = "cache", doc = "frozen mode: where the trainer's features come from: cache (frozen encoder features of data.path) | synthetic (a generated task, see training.synthetic; for tests and demos).")
        String features,
        @Default(value = "10", doc = "Passes over the training part.")
        int epochs,
        @Default(value = "16", doc = "Pairs per optimiser step.")
        int batchSize,
        @Default(value = "32", doc = "Pairs per forward pass when evaluating. Larger passes over token states and regions allocate hundreds of MB each and ran slower on MVSA-Single (hstec: 6.8 s per 800 pairs at 256 against 0.9 s at 32); in finetune mode every batch runs through both encoders: keep it small, e.g. 16.")
        int evalBatchSize,
        @Default(value = "1.0e-3", doc = "AdamW learning rate of the fusion head.")
        double lr,
        @Default(value = "5.0e-6", doc = "AdamW learning rate of the encoders (finetune mode).")
        double encoderLr,
        @Default(value = "both", doc = "finetune mode: which encoders train: both | text | image. The other one runs with its pretrained weights (no backward pass through it: the CNN's backward is the most expensive part of a step on a CPU).")
        Finetune finetune,
        @Default(value = "''", doc = "finetune mode: a finished frozen-feature run folder whose head initialises this run's head (the same fusion.head and fusion settings over the same encoders, trained with fusion.standardize: false, since the fine-tuned graph feeds the encoders' raw features); empty: the head starts from scratch.")
        String warmStart,
        @Default(value = "0", doc = "Optimiser steps over which every learning rate rises linearly to its value (step k of n uses (k+1)/n of it); 0: no warm-up.")
        int warmupSteps,
        @Default(value = "none", doc = "Learning-rate decay after the warm-up: none | linear (down to 0 at the last step of training.epochs).")
        LrDecay lrDecay,
        @Default(value = "0.01", doc = "Decoupled (AdamW) weight decay; applied to weight matrices, not to biases, norms or embeddings.")
        double weightDecay,
        @Default(value = "0.9", doc = "AdamW beta1 (first-moment decay).")
        double beta1,
        @Default(value = "0.999", doc = "AdamW beta2 (second-moment decay).")
        double beta2,
        @Default(value = "1.0e-8", doc = "AdamW epsilon.")
        double epsilon,
        @Default(value = "none", doc = "Class weights in the loss: none | balanced (inverse class frequency).")
        ClassWeights classWeights,
        @Default(value = "1.0", doc = "Clip the global gradient norm to this value; 0 disables clipping.")
        double gradClip,
        @Default(value = "weighted-f1", doc = "Validation metric that selects the best epoch: accuracy | weighted-f1 | macro-f1 | loss.")
        Metric selectMetric,
        @Default(value = "0", doc = "Stop after this many epochs without improvement of select_metric; 0 never stops early.")
        int patience,
        @Default(value = "10", doc = "Compute per-parameter update:parameter ratios and norms every this many steps (1 = every step).")
        int statsEvery,
        @Default(value = "0", doc = "ND4J compute threads while training: 0 = automatic (1 in frozen mode, where a step is hundreds of tiny ops and thread hand-offs cost more than they gain; ND4J's default when fine-tuning).")
        int threads,
        Synthetic synthetic) {

    /** How the learning rates fall after the warm-up. */
    public enum LrDecay {
        NONE,
        LINEAR
    }

    /**
     * The factor every learning rate is multiplied by at optimiser step {@code step} (0-based) of {@code total}:
     * the linear warm-up, then the decay; exactly 1 without either.
     */
    public double lrFactor(long step, long total) {
        double f = 1.0;
        if (warmupSteps > 0 && step < warmupSteps) {
            f = (step + 1) / (double) warmupSteps;
        }
        if (lrDecay == LrDecay.LINEAR && step >= warmupSteps && total > warmupSteps) {
            f *= Math.max(0.0, (total - step) / (double) (total - warmupSteps));
        }
        return f;
    }

    /** Whether the encoders train. */
    public enum Mode {
        FROZEN,
        FINETUNE
    }

    /** Which encoders train in finetune mode. */
    public enum Finetune {
        BOTH,
        TEXT,
        IMAGE;

        public boolean text() {
            return this != IMAGE;
        }

        public boolean image() {
            return this != TEXT;
        }
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

    /** A generated task (training.features: synthetic): the label is a function of a text and an image factor. */
    public record Synthetic(
            @Default(value = "xor", doc = "xor: label = (text factor + image factor) mod 3, each modality alone is at chance | complementary: the label shows in one modality per example (chosen at random), the other shows noise.")
            SyntheticTask task,
            @Default(value = "1500", doc = "Examples generated (train + validation).")
            int examples,
            @Default(value = "0.2", doc = "Fraction of the examples in the validation part.")
            double validationFraction,
            @Default(value = "16", doc = "Width of text vectors and token states.")
            int textDim,
            @Default(value = "16", doc = "Width of image vectors and regions.")
            int imageDim,
            @Default(value = "8", doc = "Longest token sequence (lengths vary from half of it up to it).")
            int tokens,
            @Default(value = "4", doc = "Image regions per example.")
            int regions,
            @Default(value = "0.5", doc = "Standard deviation of the Gaussian noise on every value (the signal has unit scale).")
            double noise) {
    }

    /** How the synthetic label depends on the two factors. */
    public enum SyntheticTask {
        XOR,
        COMPLEMENTARY
    }
}
