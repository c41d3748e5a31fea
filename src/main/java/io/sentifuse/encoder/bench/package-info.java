/**
 * Speed of the translated encoders against ONNX Runtime on the same inputs ({@code sentifuse bench text}, {@code sentifuse bench image}).
 * Benchmarks report figures; they assert nothing.
 */
package io.sentifuse.encoder.bench;
