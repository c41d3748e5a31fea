/**
 * Encoders: BERT-family text models and CNN image models that enter as ONNX, are translated to SameDiff by
 * the project's own translator ({@link io.sentifuse.encoder.onnx}), verified against ONNX Runtime
 * ({@link io.sentifuse.encoder.verify}) and cached ({@link io.sentifuse.encoder.cache}). This package holds
 * what the pipeline uses: {@link io.sentifuse.encoder.TextEncoder} (its model a file or a
 * {@link io.sentifuse.encoder.TextPreset} from a Maven jar, resolved by {@link io.sentifuse.encoder.TextModelChoice}),
 * {@link io.sentifuse.encoder.ImageEncoder}
 * (with {@link io.sentifuse.encoder.ImageModelSource}: a user's CNN ONNX or the converted nsfwjs MobileNetV2),
 * model-kind detection and the {@code import} service.
 */
package io.sentifuse.encoder;
