/**
 * Encoder features as the fusion heads read them: the kinds a head can consume
 * ({@link io.sentifuse.features.FeatureKind}: pooled text, token states, pooled image, image regions), one part
 * of a split as features ({@link io.sentifuse.features.FeatureSet}) and its mini-batches
 * ({@link io.sentifuse.features.FeatureBatch}, {@link io.sentifuse.features.FeatureBatches}). Where features come
 * from is a {@link io.sentifuse.features.FeatureSetProvider}: the frozen encoders' on-disk stores
 * ({@link io.sentifuse.features.store}) or a generated task ({@link io.sentifuse.features.SyntheticFeatures}).
 */
package io.sentifuse.features;
