/**
 * Paired text-image datasets: formats by name ({@link io.sentifuse.data.DatasetFormats}: MVSA-Single,
 * MVSA-Multiple, manifest), the label rule ({@link io.sentifuse.data.LabelMerge}), text decoding that never
 * fails ({@link io.sentifuse.data.TextDecoder}), the dataset checksum, the {@code data check} service,
 * splits and split files ({@link io.sentifuse.data.Split}), and the DataVec record reader. Streaming
 * batches to a model lives in {@link io.sentifuse.data.stream}.
 */
package io.sentifuse.data;
