/**
 * Ensembles of trained runs: the class probabilities of several runs trained on one split (different fusion heads
 * and/or seeds of the same data split), averaged with equal weights. {@link io.sentifuse.ensemble.RunEnsemble}
 * scores such an ensemble on the validation or test part its members share; {@code reproduce paper} reports it as
 * one row of the table.
 */
package io.sentifuse.ensemble;
