package io.sentifuse.encoder.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.encoder.onnx.proto.OnnxTensors;
import io.sentifuse.errors.UserInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes the weights of a manifest: within each group, tensors lie back to back in manifest order. Plain
 * {@code float32} tensors are little-endian floats; quantised ones ({@code quantization.dtype} {@code uint8} or
 * {@code uint16}) hold integers q with {@code value = q * scale + min}, computed as TF.js does (in double,
 * rounded to float32), and {@code float16} ones hold IEEE half floats.
 */
final class TfjsWeights {

    /** One decoded weight tensor in TF's own layout (e.g. HWIO for convolution kernels). */
    record Weight(String name, int[] shape, float[] values) {
    }

    private TfjsWeights() {
    }

    static Map<String, Weight> decode(TfjsArtifacts artifacts) {
        Map<String, Weight> out = new LinkedHashMap<>();
        int g = 0;
        for (JsonNode group : artifacts.manifest()) {
            ByteBuffer buf = ByteBuffer.wrap(artifacts.groupBytes().get(g)).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode spec : group.path("weights")) {
                Weight w = read(artifacts.source(), spec, buf);
                out.put(w.name(), w);
            }
            if (buf.hasRemaining()) {
                throw new UserInputException(artifacts.source() + ": weight group " + g + " has " + buf.remaining()
                        + " bytes left after its " + group.path("weights").size() + " tensors (manifest and shards disagree)");
            }
            g++;
        }
        return out;
    }

    private static Weight read(String source, JsonNode spec, ByteBuffer buf) {
        String name = spec.path("name").asText();
        int[] shape = new int[spec.path("shape").size()];
        int n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = spec.path("shape").get(i).asInt();
            n *= shape[i];
        }
        String dtype = spec.path("dtype").asText("float32");
        JsonNode q = spec.path("quantization");
        String storage = q.isMissingNode() ? dtype : q.path("dtype").asText();
        int bytesPer = switch (storage) {
            case "float32", "int32" -> 4;
            case "uint16", "float16" -> 2;
            case "uint8" -> 1;
            default -> throw new UserInputException(source + ": weight '" + name + "' has unsupported storage type '"
                    + storage + "' (expected float32, int32, uint8, uint16 or float16)");
        };
        if (buf.remaining() < n * bytesPer) {
            throw new UserInputException(source + ": weight '" + name + "' " + Arrays.toString(shape) + " needs "
                    + (long) n * bytesPer + " bytes but the shards have only " + buf.remaining() + " left");
        }
        float[] values = new float[n];
        double min = q.path("min").asDouble(0);
        double scale = q.path("scale").asDouble(1);
        for (int i = 0; i < n; i++) {
            values[i] = switch (storage) {
                case "float32" -> buf.getFloat();
                case "int32" -> buf.getInt();
                case "uint8" -> (float) ((buf.get() & 0xff) * scale + min);
                case "uint16" -> (float) ((buf.getShort() & 0xffff) * scale + min);
                default -> OnnxTensors.halfToFloat(buf.getShort() & 0xffff);
            };
        }
        return new Weight(name, shape, values);
    }
}
