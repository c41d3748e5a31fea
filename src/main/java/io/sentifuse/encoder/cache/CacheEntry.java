package io.sentifuse.encoder.cache;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sentifuse.encoder.image.ImageModelSpec;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.VerificationReport;
import java.util.List;
import java.util.Map;

/**
 * Metadata stored beside a cached graph ({@code entry.json}); with it a cache hit needs neither the model
 * bytes nor a parse.
 *
 * @param key            what the graph was built from
 * @param source         the model it came from (path or resource)
 * @param kind           text or image
 * @param signature      the model's graph inputs (names, types, shapes)
 * @param vocabulary     rows of the word-embedding table (text models), else null
 * @param inputs         SameDiff placeholder per ONNX input name
 * @param outputs        SameDiff variable per ONNX output name
 * @param weights        trainable SameDiff variable per ONNX initializer name
 * @param ops            number of SameDiff ops
 * @param graphBytes     size of the graph file
 * @param graphCrc32c    CRC-32C of the graph file, checked on every load
 * @param verification   the verification against ONNX Runtime that admitted the graph
 * @param created        when the entry was written (UTC, ISO-8601)
 * @param image          image models: input, feature outputs (ONNX names), their shapes and the input transform
 *                       preset, so that a cache hit needs no ONNX Runtime probe; null for text models
 */
public record CacheEntry(CacheKey key, String source, String kind, List<OnnxModel.Port> signature, Long vocabulary,
                         Map<String, String> inputs, Map<String, String> outputs, Map<String, String> weights, int ops,
                         @JsonProperty("graph_bytes") long graphBytes,
                         @JsonProperty("graph_crc32c") String graphCrc32c,
                         VerificationReport verification, String created, ImageModelSpec image) {

    /** The same entry with the graph file's size and checksum and the creation time. */
    CacheEntry sealed(long bytes, String crc, String when) {
        return new CacheEntry(key, source, kind, signature, vocabulary, inputs, outputs, weights, ops, bytes, crc,
                verification, when, image);
    }
}
