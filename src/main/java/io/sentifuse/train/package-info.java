/**
 * Training of fusion heads. The trainer's input is a {@link io.sentifuse.features.FeatureSet} per split part
 * (what the feature cache implements; {@link io.sentifuse.features.InMemoryFeatureSet} and
 * {@link io.sentifuse.features.SyntheticFeatures} for tests), obtained through the
 * {@link io.sentifuse.features.FeatureSetProvider} that {@code training.features} names.
 * {@link io.sentifuse.train.TrainingService} runs one training run end to end: the SameDiff loop
 * ({@link io.sentifuse.train.Trainer}) with AdamW, class weights, clipping, early stopping and a checkpoint per
 * epoch that {@code --resume} continues from, the {@link io.sentifuse.train.TrainingListener} events that the
 * metrics files, the progress bar and the live UI consume, and the final report.
 */
package io.sentifuse.train;
