package io.sentifuse.encoder.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.encoder.onnx.proto.OnnxTensors;
import io.sentifuse.errors.UserInputException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TfjsWeightsTest {

    private static TfjsArtifacts artifacts(String weightsJson, byte[] shard) {
        String model = "{\"modelTopology\":{\"model_config\":{\"class_name\":\"Model\",\"config\":{}}},"
                + "\"weightsManifest\":[{\"paths\":[\"s1\"],\"weights\":" + weightsJson + "}]}";
        return TfjsArtifacts.read("m", "model.json", name -> name.equals("model.json")
                ? model.getBytes(StandardCharsets.UTF_8) : name.equals("s1") ? shard : null);
    }

    @Test
    void dequantisesUint8AndUint16BackToBackInManifestOrder() {
        String weights = "[{\"name\":\"a\",\"shape\":[3],\"dtype\":\"float32\",\"quantization\":"
                + "{\"min\":-1.0,\"scale\":0.5,\"dtype\":\"uint8\"}},"
                + "{\"name\":\"b\",\"shape\":[2],\"dtype\":\"float32\",\"quantization\":"
                + "{\"min\":0.25,\"scale\":0.001,\"dtype\":\"uint16\"}},"
                + "{\"name\":\"c\",\"shape\":[1],\"dtype\":\"float32\"},"
                + "{\"name\":\"d\",\"shape\":[2],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"float16\"}}]";
        byte[] shard = {
            0, 2, (byte) 255,                  // a: -1, 0, 126.5
            (byte) 0xe8, 0x03, 0, 0,           // b: 1000 -> 1.25, 0 -> 0.25
            0, 0, (byte) 0xc0, 0x3f,           // c: 1.5f
            0x00, 0x3c, 0x00, (byte) 0xc0};    // d: half 1.0, -2.0
        Map<String, TfjsWeights.Weight> w = TfjsWeights.decode(artifacts(weights, shard));
        assertThat(w.get("a").values()).containsExactly(-1f, 0f, 126.5f);
        assertThat(w.get("b").values()).containsExactly((float) (1000 * 0.001 + 0.25), 0.25f);
        assertThat(w.get("c").values()).containsExactly(1.5f);
        assertThat(w.get("d").values()).containsExactly(1f, -2f);
        assertThat(w.keySet()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void shardLengthMustMatchTheManifest() {
        String weights = "[{\"name\":\"a\",\"shape\":[2,2],\"dtype\":\"float32\"}]";
        assertThatThrownBy(() -> TfjsWeights.decode(artifacts(weights, new byte[12])))
                .isInstanceOf(UserInputException.class)
                .hasMessage("m: weight 'a' [2, 2] needs 16 bytes but the shards have only 12 left");
        assertThatThrownBy(() -> TfjsWeights.decode(artifacts(weights, new byte[20])))
                .isInstanceOf(UserInputException.class)
                .hasMessage("m: weight group 0 has 4 bytes left after its 1 tensors (manifest and shards disagree)");
    }

    @Test
    void halfFloatsDecodeSpecialValues() {
        assertThat(OnnxTensors.halfToFloat(0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(OnnxTensors.halfToFloat(0x0001)).isEqualTo(0x1p-24f);
        assertThat(OnnxTensors.halfToFloat(0x3555)).isEqualTo(0.33325195f);
        assertThat(OnnxTensors.halfToFloat(0xbc00)).isEqualTo(-1.0f);
        assertThat(OnnxTensors.halfToFloat(0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
    }
}
