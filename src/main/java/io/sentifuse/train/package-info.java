/**
 * Training of fusion heads. The trainer's input is a {@link io.sentifuse.train.FeatureSet} per split part
 * (what the feature cache implements; {@link io.sentifuse.train.InMemoryFeatureSet} and
 * {@link io.sentifuse.train.SyntheticFeatures} for tests), obtained through the
 * {@link io.sentifuse.train.FeatureSetProvider} that {@code training.features} names.
 * {@link io.sentifuse.train.TrainingService} runs one training run end to end: the SameDiff loop
 * ({@link io.sentifuse.train.Trainer}) with AdamW, class weights, clipping, early stopping and a checkpoint per
 * epoch that {@code --resume} continues from, the {@link io.sentifuse.train.TrainingListener} events that the
 * metrics files, the progress bar and the live UI consume, and the final report.
 */
package io.sentifuse.train;
