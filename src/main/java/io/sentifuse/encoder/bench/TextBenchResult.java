package io.sentifuse.encoder.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Forward-pass timings of one text model in SameDiff and ONNX Runtime, interleaved in one process.
 *
 * @param model            the model
 * @param batch            texts per forward pass
 * @param length           tokens per text
 * @param threads          threads given to each engine
 * @param warmup           untimed passes of each engine before measuring
 * @param samediffMs       timed SameDiff passes, in order
 * @param ortMs            timed ONNX Runtime passes, in order (each right after the SameDiff pass of the same index)
 * @param samediffMedianMs median SameDiff pass
 * @param ortMedianMs      median ONNX Runtime pass
 * @param ratio            SameDiff median / ONNX Runtime median
 * @param maxAbsDiff       largest difference of the two engines' outputs over the timed passes
 * @param binary           the build of ND4J's native library SameDiff ran on ({@code generic}, ..., {@code onednn-avx512})
 * @param profile          with {@code --profile}: SameDiff's pass split into time inside ops and between them, or null
 */
public record TextBenchResult(String model, int batch, int length, int threads, int warmup,
                              @JsonProperty("samediff_ms") List<Double> samediffMs,
                              @JsonProperty("ort_ms") List<Double> ortMs,
                              @JsonProperty("samediff_median_ms") double samediffMedianMs,
                              @JsonProperty("ort_median_ms") double ortMedianMs,
                              double ratio,
                              @JsonProperty("max_abs_diff") double maxAbsDiff,
                              String binary,
                              @JsonInclude(JsonInclude.Include.NON_NULL) ForwardProfile.Result profile) {
}
