package io.sentifuse.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.encoder.onnx.ModelBuilder;
import io.sentifuse.files.Checksums;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** {@code sentifuse import} on a small BERT and on bad inputs (each a clear message, exit 2). */
class ImportCommandTest {

    @TempDir
    Path dir;

    private Path model;
    private Path vocab;
    private Path cache;

    @BeforeEach
    void setUp() throws Exception {
        model = TinyBert.write(dir.resolve("tiny-bert.onnx"), 2, 7);
        vocab = vocab(dir.resolve("vocab.txt"), TinyBert.VOCAB);
        cache = dir.resolve("cache");
    }

    private CliRunner.Result importText(Path onnx, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("import", onnx.toString(), "--kind", "text",
                "--out", dir.resolve("graph.sd").toString(), "--cache-dir", cache.toString(), "--json"));
        Collections.addAll(args, extra);
        return CliRunner.run(args.toArray(new String[0]));
    }

    @Test
    void importsVerifiesCachesAndWritesTheGraph() throws Exception {
        CliRunner.Result first = importText(model, "--tokenizer", vocab.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode json = Json.mapper().readTree(first.out());
        assertThat(json.get("verified").asBoolean()).isTrue();
        assertThat(json.get("max_abs_diff").asDouble()).isLessThanOrEqualTo(1e-4);
        assertThat(json.get("rel_l2").asDouble()).isLessThan(1e-4);
        assertThat(json.get("cases")).extracting(JsonNode::asText).containsExactly("1x8", "8x32", "32x64");
        assertThat(json.get("ops").asInt()).isGreaterThan(100);
        assertThat(json.get("cached").asBoolean()).isFalse();
        assertThat(json.get("sha256").asText()).isEqualTo(Checksums.sha256(model));
        assertThat(json.get("vocabulary").asInt()).isEqualTo(TinyBert.VOCAB);
        assertThat(json.get("import_seconds").asDouble()).isPositive();
        SameDiff loaded = SameDiff.load(dir.resolve("graph.sd").toFile(), false);
        assertThat(loaded.getOps()).hasSize(json.get("ops").asInt());

        CliRunner.Result second = importText(model, "--tokenizer", vocab.toString());
        JsonNode again = Json.mapper().readTree(second.out());
        assertThat(again.get("cached").asBoolean()).isTrue();
        assertThat(again.get("max_abs_diff").asDouble()).isEqualTo(json.get("max_abs_diff").asDouble());
    }

    @Test
    void tokenizerBesideTheModelIsCheckedWhenNoneIsGiven() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("export"));
        Path onnx = Files.copy(model, folder.resolve("model.onnx"));
        vocab(folder.resolve("vocab.txt"), TinyBert.VOCAB + 5);
        CliRunner.Result r = importText(onnx);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(folder.resolve("vocab.txt") + " has a vocabulary of 65 tokens").contains("has 60 rows");
    }

    @Test
    void corruptOnnxFileIsRefusedNamingTheFile() throws Exception {
        Path bad = dir.resolve("corrupt.onnx");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(bad, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        CliRunner.Result r = importText(bad);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(bad.toString()).contains("is not an ONNX model");
    }

    @Test
    void imageModelGivenAsTextIsRefused() throws Exception {
        Path image = dir.resolve("conv.onnx");
        Files.write(image, new ModelBuilder(13)
                .input("pixel_values", DataType.FLOAT, -1, 3, 8, 8)
                .initializer("w", Nd4j.ones(DataType.FLOAT, 4, 3, 3, 3))
                .node("Conv", List.of("pixel_values", "w"), List.of("y"))
                .output("y", DataType.FLOAT, -1, 4, 6, 6)
                .proto().toByteArray());
        CliRunner.Result r = importText(image);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(image.toString()).contains("looks like an image model")
                .contains("'pixel_values' FLOAT[-1, 3, 8, 8]").contains("--kind text expects integer token inputs");
    }

    @Test
    void imageModelImportsAsKindImage() throws Exception {
        Path image = dir.resolve("cnn.onnx");
        Files.write(image, new ModelBuilder(13)
                .input("pixel_values", DataType.FLOAT, -1, 3, 16, 16)
                .initializer("w", Nd4j.rand(DataType.FLOAT, 4, 3, 3, 3).subi(0.5))
                .initializer("b", Nd4j.rand(DataType.FLOAT, 4))
                .node("Conv", List.of("pixel_values", "w", "b"), List.of("c"), "pads", new long[] {1, 1, 1, 1})
                .node("Relu", List.of("c"), List.of("r"))
                .node("MaxPool", List.of("r"), List.of("p"), "kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2})
                .node("GlobalAveragePool", List.of("p"), List.of("g"))
                .node("Flatten", List.of("g"), List.of("features"))
                .output("features", DataType.FLOAT, -1, 4)
                .proto().toByteArray());
        CliRunner.Result r = CliRunner.run("import", image.toString(), "--kind", "image", "--out",
                dir.resolve("cnn.sd").toString(), "--cache-dir", cache.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("verified").asBoolean()).isTrue();
        assertThat(json.get("cases")).extracting(JsonNode::asText).containsExactly("1x3x16x16", "8x3x16x16");
        CliRunner.Result asText = importText(image);
        assertThat(asText.exitCode()).isEqualTo(2);
    }

    @Test
    void tokenizerWhoseVocabularyDiffersFromTheEmbeddingTableIsRefused() throws Exception {
        Path small = vocab(dir.resolve("small-vocab.txt"), TinyBert.VOCAB - 1);
        CliRunner.Result r = importText(model, "--tokenizer", small.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("tokenizer " + small + " has a vocabulary of 59 tokens")
                .contains("has 60 rows");
    }

    @Test
    void unsupportedOperatorIsRefusedNamingOpNodeAndOpset() throws Exception {
        Path odd = dir.resolve("odd.onnx");
        Files.write(odd, new ModelBuilder(14)
                .input("input_ids", DataType.LONG, -1, -1)
                .namedNode("hash_0", "HashEmbedding", List.of("input_ids"), List.of("y"))
                .output("y", DataType.FLOAT, -1, -1, 8)
                .proto().toByteArray());
        CliRunner.Result r = CliRunner.run("import", odd.toString(), "--kind", "text", "--out", dir.resolve("o.sd").toString(),
                "--cache-dir", cache.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("operator 'HashEmbedding' (node 'hash_0', opset 14) is not supported");
    }

    @Test
    void graphBeyondToleranceIsRefusedWithTheWorstOutputAndFigures() throws IOException {
        CliRunner.Result r = importText(model, "--tolerance", "1e-12");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).containsPattern("the translated graph differs from ONNX Runtime: output 'last_hidden_state'"
                + " in case \\S+( padded)? has max abs diff [0-9.e-]+ \\(tolerance 1e-12( x largest \\|value\\| [0-9.e+-]+ = [0-9.e+-]+)?\\),"
                + " relative L2 [0-9.e-]+; the model is refused");
        assertThat(cachedGraphs()).as("a refused graph must not be cached").isEmpty();
    }

    /** Entry folders under the graph cache; the per-key lock files it leaves behind are not entries. */
    private List<Path> cachedGraphs() throws IOException {
        Path graphs = cache.resolve("graphs");
        if (!Files.isDirectory(graphs)) {
            return List.of();
        }
        try (var entries = Files.list(graphs)) {
            return entries.filter(Files::isDirectory).toList();
        }
    }

    @Test
    void modelAndDefaultTogetherIsAUsageError() {
        CliRunner.Result r = CliRunner.run("import", model.toString(), "--default-text", "--kind", "text", "--out", "x.sd");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("give either MODEL.onnx, --default-text or --default-image (exactly one)");
    }

    static Path vocab(Path file, int size) throws Exception {
        // a loadable BERT vocabulary: the special tokens, then filler words up to `size` entries
        StringBuilder s = new StringBuilder("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n");
        for (int k = 5; k < size; k++) {
            s.append("tok").append(k).append('\n');
        }
        Files.writeString(file, s.toString());
        return file;
    }
}
