/**
 * The training loop on SameDiff: optimiser, checkpoints and resume, early stopping, and the
 * {@link io.sentifuse.train.TrainingListener} events that metrics files and the live UI consume.
 */
package io.sentifuse.train;
