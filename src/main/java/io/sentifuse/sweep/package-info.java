/**
 * A sweep folder and its files, independent of how candidates are drawn or where they train: the layout
 * ({@link io.sentifuse.sweep.SweepDir}), the ledger of finished candidates that resumption trusts
 * ({@link io.sentifuse.sweep.Ledger}, one {@link io.sentifuse.sweep.CandidateRecord} per line) and the
 * leaderboard made from it ({@link io.sentifuse.sweep.Leaderboard}). The search ({@code io.sentifuse.tune}), the
 * sweep board of the UI and {@code export} read the same files.
 */
package io.sentifuse.sweep;
