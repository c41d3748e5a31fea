/**
 * Where the project's caches live ({@link io.sentifuse.cache.CacheRoot}): one folder holding the graph cache
 * ({@code io.sentifuse.encoder.cache}), the feature stores ({@code io.sentifuse.features.store}) and fetched npm
 * packages, resolved once from {@code output.cache_dir}, {@code $SENTIFUSE_CACHE} or {@code ~/.cache/sentifuse}.
 */
package io.sentifuse.cache;
