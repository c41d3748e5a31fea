/**
 * Images: decoding files of any common format into {@link io.sentifuse.image.RgbImage}s, and the
 * per-model {@link io.sentifuse.image.ImageTransform}s (resize, crop, normalise) that make network inputs.
 */
package io.sentifuse.image;
