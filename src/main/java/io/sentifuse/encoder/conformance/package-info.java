/**
 * ONNX's backend node tests run through the translator: the proof that each operator mapping computes what
 * ONNX specifies, and a check a user can run on their own ND4J build and platform ({@code sentifuse
 * conformance}). The tests come from Debian's {@code libonnx-testdata} package (ONNX 1.12).
 */
package io.sentifuse.encoder.conformance;
