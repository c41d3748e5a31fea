/**
 * Streaming pairs to a model: a {@code MultiDataSetIterator} that tokenizes, decodes and transforms on
 * worker threads with bounded prefetch ({@link io.sentifuse.data.stream.PairIterator}), and its
 * throughput benchmark.
 */
package io.sentifuse.data.stream;
