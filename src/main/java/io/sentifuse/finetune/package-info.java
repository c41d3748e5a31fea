/**
 * End-to-end fine-tuning ({@code training.mode: finetune}): the text encoder, the image encoder and the fusion
 * head as one trainable SameDiff graph, fed token ids and images straight from the streaming pair iterator,
 * trained by the same {@link io.sentifuse.train.Trainer} loop as frozen-feature runs; its folder form; and the
 * step-time benchmark.
 */
package io.sentifuse.finetune;
