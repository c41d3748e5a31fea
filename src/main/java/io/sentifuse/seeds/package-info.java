/**
 * The one source of randomness: every random stream of a run (initialisation, shuffles, dropout, splits,
 * sweep draws) is derived by name from the configured {@code seed} ({@link io.sentifuse.seeds.Seeds}), so the
 * same configuration gives the same numbers.
 */
package io.sentifuse.seeds;
