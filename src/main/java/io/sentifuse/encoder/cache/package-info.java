/**
 * Verified translated graphs on disk (SameDiff's own format), keyed by the model file's SHA-256, the
 * translator version and the translation variant, so that later runs load a model in about a second instead
 * of translating and verifying it again. Entries are written atomically and checked on load; a damaged entry
 * is rebuilt, never trusted.
 */
package io.sentifuse.encoder.cache;
