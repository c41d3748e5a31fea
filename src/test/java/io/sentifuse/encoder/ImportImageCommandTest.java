package io.sentifuse.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.encoder.onnxbuild.Attrs;
import io.sentifuse.encoder.onnxbuild.OnnxBuilder;
import io.sentifuse.encoder.onnxbuild.OnnxFiles;
import io.sentifuse.files.Json;
import java.nio.file.Path;
import java.util.List;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sentifuse import MODEL.onnx --kind image} on a small CNN and on bad inputs (each exit 2, clear message). */
class ImportImageCommandTest {

    @TempDir
    Path dir;

    private CliRunner.Result importImage(Path onnx) {
        return CliRunner.run("import", onnx.toString(), "--kind", "image", "--out", dir.resolve("graph.sd").toString(),
                "--cache-dir", dir.resolve("cache").toString(), "--json");
    }

    @Test
    void cnnImportsWithItsFeaturesAndIsCached() throws Exception {
        Path model = TinyCnn.write(dir.resolve("tiny.onnx"), 1, null);
        CliRunner.Result r = importImage(model);
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("kind").asText()).isEqualTo("image");
        assertThat(json.get("verified").asBoolean()).isTrue();
        assertThat(json.get("cached").asBoolean()).isFalse();
        assertThat(json.get("cases")).extracting(JsonNode::asText).containsExactly("1x3x16x16", "8x3x16x16");
        assertThat(json.get("pooled_dim").asInt()).isEqualTo(TinyCnn.CHANNELS);
        assertThat(json.get("spatial")).extracting(JsonNode::asInt).containsExactly(TinyCnn.CHANNELS, 8, 8);
        assertThat(json.get("regions").asInt()).isEqualTo(64);
        assertThat(json.has("reference_max_prob_diff")).isFalse();
        JsonNode worst = json.get("verification").get("cases").get(1).get("outputs");
        assertThat(worst.fieldNames()).toIterable().containsExactlyInAnyOrder("logits", "pooled", "features");
        assertThat(worst.get("features").get("compared").asLong()).isEqualTo(8L * TinyCnn.CHANNELS * 64);

        JsonNode again = Json.mapper().readTree(importImage(model).out());
        assertThat(again.get("cached").asBoolean()).isTrue();
        assertThat(again.get("sha256").asText()).isEqualTo(json.get("sha256").asText());
        assertThat(again.get("spatial")).isEqualTo(json.get("spatial"));
    }

    @Test
    void operatorTheTranslatorCannotMapIsRefusedNamingTypeAndNode() {
        // ONNX Runtime knows LRN; the translator does not, and says so before anything runs.
        Path model = TinyCnn.write(dir.resolve("lrn.onnx"), 1, "LRN");
        CliRunner.Result r = importImage(model);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(model.toString())
                .contains("operator 'LRN' (node 'odd_1', opset 13) is not supported");
    }

    @Test
    void textModelGivenAsImageIsRefused() throws Exception {
        Path model = TinyBert.write(dir.resolve("tiny-bert.onnx"), 1, 3);
        CliRunner.Result r = importImage(model);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(model.toString()).contains("looks like a text model")
                .contains("--kind image expects one float image input [batch, 3, height, width]");
    }

    @Test
    void imageModelWithoutGlobalPoolingIsRefused() {
        OnnxBuilder b = new OnnxBuilder("g");
        b.input("x", TensorProto.DataType.FLOAT_VALUE, "N", 3L, 8L, 8L);
        b.floats("w", new float[12], 4, 3, 1, 1);
        b.node("Conv", "conv", List.of("x", "w"), "y", Attrs.ints("kernel_shape", 1, 1));
        b.output("y", "N", 4L, 8L, 8L);
        Path model = dir.resolve("nopool.onnx");
        OnnxFiles.write(model, b.build(13, "test", "1"));
        CliRunner.Result r = importImage(model);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(model + ": no global average pooling found");
    }

    @Test
    void missingModelAndTokenizerForImagesAreUsageErrors() {
        CliRunner.Result missing = importImage(dir.resolve("absent.onnx"));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("absent.onnx does not exist or is not a file");
        CliRunner.Result tokenizer = CliRunner.run("import", "--default-image", "--kind", "image", "--tokenizer", "v.txt",
                "--out", dir.resolve("g.sd").toString());
        assertThat(tokenizer.exitCode()).isEqualTo(2);
        assertThat(tokenizer.err()).contains("--tokenizer applies to text models only");
    }
}
