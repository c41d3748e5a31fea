/**
 * Run folders and their provenance: every training run gets its own folder
 * ({@link io.sentifuse.run.RunDir}) holding the resolved configuration and a provenance record
 * ({@link io.sentifuse.run.Provenance}: git commit, versions, machine, dataset checksum, encoders).
 */
package io.sentifuse.run;
