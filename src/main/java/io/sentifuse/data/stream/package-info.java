/**
 * Streaming pairs to an end-to-end graph: the records of a {@link io.sentifuse.data.PairRecordReader} as
 * {@link io.sentifuse.data.stream.PairBatch}es, tokenized, decoded and transformed on worker threads with bounded
 * prefetch ({@link io.sentifuse.data.stream.PairStream}), and the pipeline's throughput benchmark.
 */
package io.sentifuse.data.stream;
