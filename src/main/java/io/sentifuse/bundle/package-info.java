/**
 * Model bundles: one self-describing zip per trained model ({@link io.sentifuse.bundle.Exporter} writes it from a
 * run or a sweep's best candidate; {@link io.sentifuse.bundle.BundleManifest} holds the format version and the
 * SHA-256 of every entry, checked by {@link io.sentifuse.bundle.BundleFiles} on open) and everything that uses one
 * without a cache: {@link io.sentifuse.bundle.Predictor} (pairs to labels and probabilities, attention summaries
 * for attention heads), {@code predict} and {@code evaluate} on datasets ({@link io.sentifuse.bundle.PredictService},
 * {@link io.sentifuse.bundle.EvaluateService}), and the HTTP server with the prediction explorer
 * ({@link io.sentifuse.bundle.PredictionServer}).
 */
package io.sentifuse.bundle;
