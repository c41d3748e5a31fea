/**
 * Reproductions of published tables with one command ({@link io.sentifuse.reproduce.ReproduceService}): the
 * paper's MVSA-Single table under the paper's protocol and the community's, multi-seed, with the published numbers
 * ({@code experiments/paper/references.yaml}) beside ours and a plot.
 */
package io.sentifuse.reproduce;
