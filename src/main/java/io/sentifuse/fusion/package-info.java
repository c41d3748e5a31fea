/**
 * Fusion heads as SameDiff subgraphs: the registry ({@link io.sentifuse.fusion.FusionHeads}), the heads
 * themselves, the shared building blocks (dense layers, dropout, layer norm, multi-head attention,
 * transformer encoder layer, cross-attention) and {@link io.sentifuse.fusion.FusionModel}, which wraps a head
 * with its inputs, feature standardisation, loss and predictions, and saves / loads it.
 *
 * <p>A head receives its inputs as {@code SDVariable}s (placeholders in frozen mode, encoder outputs of the
 * same graph when fine-tuning) and never creates placeholders itself.
 */
package io.sentifuse.fusion;
