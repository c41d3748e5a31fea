/**
 * What the training loop, the fusion heads and the evaluation share, below all three: a trainable model
 * ({@link io.sentifuse.model.TrainableModel}) over labelled batches ({@link io.sentifuse.model.LabelledBatch})
 * drawn from the parts of a split ({@link io.sentifuse.model.BatchSource}), its parameters in optimiser groups
 * ({@link io.sentifuse.model.ParamSpec}) and the file their values are saved in
 * ({@link io.sentifuse.model.NamedArrays}).
 */
package io.sentifuse.model;
