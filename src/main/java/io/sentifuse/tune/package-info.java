/**
 * Hyper-parameter sweeps over fusion strategies with Arbiter ({@link io.sentifuse.tune.SweepService}): a sweep
 * file ({@link io.sentifuse.tune.SweepFile}) names a base experiment and a search space; Arbiter's candidate
 * generators draw candidates from it ({@link io.sentifuse.tune.CandidateSpace}), its runner trains them through
 * our trainer ({@link io.sentifuse.tune.CandidateTrainer}, one run per seed) and its status listener feeds the
 * stock {@code /arbiter} page ({@link io.sentifuse.tune.ArbiterReporter}). Results go to the sweep folder's files
 * ({@code io.sentifuse.sweep}).
 */
package io.sentifuse.tune;
