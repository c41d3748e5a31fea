package io.sentifuse.encoder.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Feature-extraction timings of one image model in SameDiff (the verified, cached {@code ImageEncoder}) and ONNX
 * Runtime, interleaved in one process on the same images.
 *
 * @param model                    the model
 * @param sha256                   its identity (after conversion and the feature rewrite)
 * @param batch                    images per batch
 * @param threads                  threads given to each engine
 * @param warmup                   untimed batches of each engine before measuring
 * @param samediffMs               timed SameDiff batches, in order
 * @param ortMs                    timed ONNX Runtime batches, in order (each right after the SameDiff batch of the same index)
 * @param samediffMedianMs         median SameDiff batch
 * @param ortMedianMs              median ONNX Runtime batch
 * @param samediffImagesPerSecond  images / total SameDiff time
 * @param ortImagesPerSecond       images / total ONNX Runtime time
 * @param ratio                    SameDiff median / ONNX Runtime median
 * @param maxAbsDiff               largest difference of the two engines' pooled features on the benchmark images
 * @param pooledDim                width of the pooled vector
 * @param regions                  region vectors per image
 * @param binary                   the build of ND4J's native library SameDiff ran on ({@code generic}, ...,
 *                                 {@code onednn-avx512})
 * @param profile                  with {@code --profile}: SameDiff's batch split into time inside ops and between
 *                                 them, or null
 */
public record ImageBenchResult(String model, String sha256, int batch, int threads, int warmup,
                               @JsonProperty("samediff_ms") List<Double> samediffMs,
                               @JsonProperty("ort_ms") List<Double> ortMs,
                               @JsonProperty("samediff_median_ms") double samediffMedianMs,
                               @JsonProperty("ort_median_ms") double ortMedianMs,
                               @JsonProperty("samediff_images_per_second") double samediffImagesPerSecond,
                               @JsonProperty("ort_images_per_second") double ortImagesPerSecond,
                               double ratio,
                               @JsonProperty("max_abs_diff") double maxAbsDiff,
                               @JsonProperty("pooled_dim") int pooledDim,
                               int regions,
                               String binary,
                               @JsonInclude(JsonInclude.Include.NON_NULL) ForwardProfile.Result profile) {
}
