/**
 * Reproducibility: run folders ({@link io.sentifuse.repro.RunDir}), provenance
 * ({@link io.sentifuse.repro.Provenance}), the one seed every random source derives from
 * ({@link io.sentifuse.repro.Seeds}), checksums, and the environment report users paste into bug reports
 * ({@link io.sentifuse.repro.SystemInfo}).
 */
package io.sentifuse.repro;
