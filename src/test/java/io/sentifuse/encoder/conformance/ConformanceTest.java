package io.sentifuse.encoder.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX 1.12's backend node tests through the translator. The tests that read the node tests need Debian's
 * libonnx-testdata and skip, one by one, without it; the command's handling of bad directories needs no data and
 * always runs.
 */
class ConformanceTest {

    /** The operators the issue names; every one must have node tests and pass them all. */
    static final Set<String> CORE = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Erf", "Tanh", "Relu", "Clip",
            "Sigmoid", "MatMul", "Gemm", "Conv", "BatchNormalization", "AveragePool", "GlobalAveragePool", "Flatten",
            "Reshape", "Transpose", "Concat", "Slice", "Split", "Gather", "Unsqueeze", "Squeeze", "Shape", "Where",
            "Equal", "Expand", "ConstantOfShape", "ReduceMean", "ReduceSum", "Softmax", "LayerNormalization",
            "Constant", "Range", "CumSum", "Not", "HardSigmoid");

    /** Tests that fail for documented reasons (see the README); any other failure is a regression. */
    static final Set<String> KNOWN_FAILURES = Set.of(
            "test_cast_FLOAT_to_STRING", "test_cast_STRING_to_FLOAT",
            "test_castlike_FLOAT_to_STRING_expanded", "test_castlike_STRING_to_FLOAT_expanded",
            "test_cast_FLOAT_to_BFLOAT16", "test_castlike_FLOAT_to_BFLOAT16_expanded",
            "test_identity_opt", "test_identity_sequence",
            "test_maxpool_with_argmax_2d_precomputed_pads", "test_maxpool_with_argmax_2d_precomputed_strides",
            "test_training_dropout", "test_training_dropout_default", "test_training_dropout_default_mask",
            "test_training_dropout_mask");

    private static ConformanceReport report;

    /** Skips the calling test (only it) when the node tests are not installed. */
    private static void assumeNodeTests() {
        assumeTrue(Files.isDirectory(ConformanceRunner.DEFAULT_DATA), "ONNX node tests not installed at "
                + ConformanceRunner.DEFAULT_DATA + " (apt-get install libonnx-testdata)");
    }

    /** The full run over the installed node tests, made once for the tests that read it. */
    private static synchronized ConformanceReport report() {
        assumeNodeTests();
        if (report == null) {
            report = new ConformanceRunner().run(ConformanceRunner.DEFAULT_DATA);
        }
        return report;
    }

    @Test
    void passesAtLeast95PercentOfTheSelectedNodeTests() {
        ConformanceReport report = report();
        assertThat(report.selected()).isGreaterThanOrEqualTo(269);
        assertThat(report.passRate()).as("pass rate; failures: %s", report.failures()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void everyFailureIsADocumentedOne() {
        ConformanceReport report = report();
        assertThat(report.failures()).extracting(ConformanceReport.Failure::test).isSubsetOf(KNOWN_FAILURES);
    }

    @Test
    void everyCoreOperatorHasTestsAndPassesThemAll() {
        ConformanceReport report = report();
        for (String op : CORE) {
            ConformanceReport.OpCount c = report.byOp().get(op);
            assertThat(c).as("node tests for %s", op).isNotNull();
            assertThat(c.passed()).as("%s passed of %d", op, c.selected()).isEqualTo(c.selected());
        }
        // MaxPool and Cast pass everything but the documented Indices output and BFLOAT16/STRING cases
        assertThat(report.byOp().get("MaxPool").passed()).isEqualTo(report.byOp().get("MaxPool").selected() - 2);
    }

    @Test
    void commandPrintsTheReportAsJson(@TempDir Path dir) throws IOException {
        assumeNodeTests();
        for (String t : List.of("test_gather_negative_indices", "test_unsqueeze_three_axes", "test_cast_FLOAT_to_STRING",
                "test_bernoulli")) {
            copy(ConformanceRunner.DEFAULT_DATA.resolve(t), dir.resolve(t));
        }
        CliRunner.Result r = CliRunner.run("conformance", "--data", dir.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("available").asInt()).isEqualTo(4);
        assertThat(json.get("selected").asInt()).isEqualTo(3);
        assertThat(json.get("passed").asInt()).isEqualTo(2);
        assertThat(json.at("/by_op/Gather/passed").asInt()).isEqualTo(1);
        assertThat(json.at("/by_op/Unsqueeze/selected").asInt()).isEqualTo(1);
        assertThat(json.at("/failures/0/test").asText()).isEqualTo("test_cast_FLOAT_to_STRING");
        assertThat(json.at("/failures/0/reason").asText()).contains("STRING");
        assertThat(json.at("/static_inputs/test_unsqueeze_three_axes/0").asText()).isEqualTo("axes");
    }

    @Test
    void missingDataDirectoryIsABadInput(@TempDir Path dir) {
        CliRunner.Result r = CliRunner.run("conformance", "--data", dir.resolve("nope").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: ONNX node-test directory " + dir.resolve("nope")
                + " does not exist (install Debian's libonnx-testdata package: apt-get install libonnx-testdata,"
                + " or pass --data DIR)");
    }

    @Test
    void directoryWithoutNodeTestsIsABadInput(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("test_empty"));
        CliRunner.Result r = CliRunner.run("conformance", "--data", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: " + dir + " holds no ONNX node tests (expected folders with"
                + " model.onnx)");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
