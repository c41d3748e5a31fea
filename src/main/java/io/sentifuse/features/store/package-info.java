/**
 * The feature cache of frozen-encoder mode: every pair of a dataset is encoded once per (encoder, tokenizer
 * or transform settings, dataset checksum) into an on-disk store that later runs and every sweep candidate
 * reuse. Text and image features are separate stores, so changing the image model keeps the text features.
 *
 * <p>A store is a folder of shards ({@value io.sentifuse.features.store.StoreFiles#SHARD_ROWS} pairs each, little-endian
 * float32, written atomically) and a manifest listing the finished ones: a killed fill resumes at the first
 * missing shard. Stores are memory-mapped when read, so a 1 GB region store costs no heap.
 * {@link io.sentifuse.features.store.CacheFeatureProvider} turns stores and a split into the trainer's
 * {@link io.sentifuse.features.FeatureSet}s.
 */
package io.sentifuse.features.store;
