package io.sentifuse.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bad inputs, each through the service and through the CLI: with the default policy the item
 * is skipped and listed in {@code problems}; under {@code --strict} the message names the id or line and
 * the exit code is 2.
 */
class BadInputTest {

    private static final String LABELS = "labelResultAll.txt";

    /** One defect planted in a good 4-pair dataset, and the message that must name it. */
    enum Case {
        MISSING_IMAGE(dir -> {
            delete(dir.resolve("data/2.jpg"));
            return dir.resolve("data/2.jpg") + " (pair 2): image file not found";
        }),
        TRUNCATED_JPEG(dir -> {
            TestDatasets.write(dir.resolve("data/2.jpg"), TestDatasets.truncatedJpeg());
            return dir.resolve("data/2.jpg") + " (pair 2): truncated JPEG: the image data ends without an "
                    + "end-of-image marker";
        }),
        INVALID_TEXT_BYTES(dir -> {
            TestDatasets.text(dir, "2", new byte[] {(byte) 0xFF, (byte) 0xFE, 'h', 0, 'i', 0});
            return dir.resolve("data/2.txt") + " (pair 2): invalid text bytes: control byte 0x00 at offset 3 "
                    + "(binary data, or UTF-16?)";
        }),
        MISSING_COLUMN(dir -> {
            TestDatasets.labelFile(dir, "ID\ttext,image\r\n1\tpositive,positive\r\n2\tnegative\r\n"
                    + "3\tneutral,neutral\r\n4\tpositive,positive\r\n");
            return dir.resolve(LABELS) + " line 3 (id 2): missing column: column 2 is 'negative', expected "
                    + "'text,image' (two labels separated by a comma)";
        }),
        UNKNOWN_LABEL_WORD(dir -> {
            TestDatasets.labelFile(dir, "ID\ttext,image\r\n1\tpositive,positive\r\n2\tnegative,sad\r\n"
                    + "3\tneutral,neutral\r\n4\tpositive,positive\r\n");
            return dir.resolve(LABELS) + " line 3 (id 2): unknown label word 'sad' for the image in column 2: "
                    + "expected positive, neutral or negative";
        }),
        DUPLICATE_ID(dir -> {
            TestDatasets.labelFile(dir, "ID\ttext,image\r\n1\tpositive,positive\r\n2\tnegative,negative\r\n"
                    + "3\tneutral,neutral\r\n4\tpositive,positive\r\n2\tneutral,neutral\r\n");
            return dir.resolve(LABELS) + " line 6 (id 2): duplicate id '2': already used on line 3";
        });

        final Function<Path, String> plant;

        Case(Function<Path, String> plant) {
            this.plant = plant;
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Case.class)
    void serviceSkipsAndListsByDefault(Case c) {
        String expected = plant(c);
        DataCheckResult r = DataCheck.run(dir, "mvsa-single", ItemPolicy.SKIP, 2);
        assertThat(r.problems()).extracting(Problem::message).containsExactly(expected);
        assertThat(r.problems().get(0).id()).isEqualTo("2");
        assertThat(r.skipped()).isEqualTo(1);
        int rows = c == Case.DUPLICATE_ID ? 5 : 4;
        assertThat(r.pairs()).isEqualTo(rows);
        assertThat(r.usable()).isEqualTo(rows - 1);
        if (c == Case.DUPLICATE_ID) {
            assertThat(r.usablePairs()).extracting(Pair::id).containsExactly("1", "2", "3", "4");
        } else {
            assertThat(r.usablePairs()).extracting(Pair::id).containsExactly("1", "3", "4");
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void serviceFailsOnTheFirstProblemUnderTheFailPolicy(Case c) {
        String expected = plant(c);
        assertThatThrownBy(() -> DataCheck.run(dir, "mvsa-single", ItemPolicy.FAIL, 2))
                .isInstanceOf(UserInputException.class)
                .hasMessage(expected + " (item policy 'fail' / --strict stops at the first problem; the default "
                        + "'skip' lists them all)");
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void cliExitsTwoUnderStrictNamingTheItem(Case c) {
        String expected = plant(c);
        CliRunner.Result r = CliRunner.run("data", "check", dir.toString(), "--strict");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: " + expected);
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void cliListsTheProblemByDefault(Case c) throws IOException {
        String expected = plant(c);
        CliRunner.Result r = CliRunner.run("data", "check", dir.toString(), "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("skipped").asInt()).isEqualTo(1);
        JsonNode problem = json.get("problems").get(0);
        assertThat(problem.get("id").asText()).isEqualTo("2");
        Problem p = new Problem(problem.get("id").asText(), problem.get("path").asText(),
                problem.has("line") ? problem.get("line").asInt() : null, problem.get("problem").asText());
        assertThat(p.message()).isEqualTo(expected);
    }

    @Test
    void emptyOrMissingDirectoryExitsTwoWhateverThePolicy() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        for (String[] args : new String[][] {{"data", "check", empty.toString()},
                {"data", "check", empty.toString(), "--strict", "--json"}}) {
            CliRunner.Result r = CliRunner.run(args);
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: dataset directory " + empty + " is empty (format mvsa-single expects "
                    + "labelResultAll.txt (header 'ID<TAB>text,image') with data/<ID>.txt and data/<ID>.jpg)");
        }
        CliRunner.Result missing = CliRunner.run("data", "check", dir.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("error: dataset directory " + dir.resolve("nope") + " does not exist");
        CliRunner.Result format = CliRunner.run("data", "check", dir.toString(), "--format", "mvsa");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("unknown dataset format 'mvsa': expected one of mvsa-single, mvsa-multiple, manifest");
    }

    private String plant(Case c) {
        TestDatasets.mvsaSingle(dir, 4);
        return c.plant.apply(dir);
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
