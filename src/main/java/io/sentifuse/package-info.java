/**
 * sentifuse: multimodal (text + image) sentiment analysis on Deeplearning4j / SameDiff.
 *
 * <p>One concept per sub-package: {@code config} (typed experiment configuration), {@code repro}
 * (run folders, provenance, seeds, environment), {@code cli} (the {@code sentifuse} command tree),
 * and the pipeline packages described in CONTRIBUTING.md.
 */
package io.sentifuse;
