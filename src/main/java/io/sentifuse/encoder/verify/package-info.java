/**
 * Whole-model verification: the translated SameDiff graph and ONNX Runtime run the same generated inputs and
 * every output is compared (for text models over real, non-padded tokens only). A graph that differs by more
 * than the tolerance is refused; the figures are kept as a record for run provenance.
 */
package io.sentifuse.encoder.verify;
