package io.sentifuse.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvsaFormatTest {

    @TempDir
    Path dir;

    @Test
    void readsCrlfLabelsTextsAndImagesInFileOrder() {
        TestDatasets.mvsaSingle(dir, 6);
        Dataset d = DatasetFormats.read(dir, "mvsa-single");
        assertThat(d.rows()).isEqualTo(6);
        assertThat(d.items()).extracting(Pair::id).containsExactly("1", "2", "3", "4", "5", "6");
        Pair p = d.items().get(3);
        assertThat(p.label()).isEqualTo(Label.POSITIVE);
        assertThat(p.textLabel()).isEqualTo(Label.POSITIVE);
        assertThat(p.text()).isEqualTo("text of pair 4 word word word word");
        assertThat(p.textEncoding()).isEqualTo("UTF-8");
        assertThat(p.image()).isEqualTo(dir.resolve("data/4.jpg"));
        assertThat(d.problems()).isEmpty();
        assertThat(d.textEncodings()).containsEntry("UTF-8", 6);
        assertThat(d.files()).containsKeys("labelResultAll.txt", "data/1.jpg", "data/6.txt").hasSize(13);
    }

    @Test
    void lfLineEndsWorkToo() {
        TestDatasets.mvsaSingle(dir, 3);
        TestDatasets.labelFile(dir, "ID\ttext,image\n1\tpositive,neutral\n2\tneutral,negative\n3\tneutral,neutral\n\n");
        Dataset d = DatasetFormats.read(dir, "mvsa-single");
        assertThat(d.items()).extracting(Pair::label).containsExactly(Label.POSITIVE, Label.NEGATIVE, Label.NEUTRAL);
        assertThat(d.items().get(0).imageLabel()).isEqualTo(Label.NEUTRAL);
    }

    @Test
    void conflictingPairsAreDroppedCountedAndListed() {
        TestDatasets.mvsaSingle(dir, 4);
        TestDatasets.labelFile(dir, "ID\ttext,image\r\n1\tpositive,negative\r\n2\tnegative,positive\r\n"
                + "3\tneutral,positive\r\n4\tpositive,positive\r\n");
        Dataset d = DatasetFormats.read(dir, "mvsa-single");
        assertThat(d.droppedConflicting()).containsExactly("1", "2");
        assertThat(d.items()).extracting(Pair::id).containsExactly("3", "4");
        assertThat(d.rows()).isEqualTo(4);
    }

    @Test
    void labelLineWithAMissingColumnNamesLineAndId() {
        TestDatasets.mvsaSingle(dir, 3);
        TestDatasets.labelFile(dir, "ID\ttext,image\r\n1\tpositive,positive\r\n2\tnegative\r\n3\r\n");
        Dataset d = DatasetFormats.read(dir, "mvsa-single");
        Path labels = dir.resolve("labelResultAll.txt");
        assertThat(d.problems()).containsExactly(
                new Problem("2", labels.toString(), 3, "missing column: column 2 is 'negative', expected 'text,image' "
                        + "(two labels separated by a comma)"),
                new Problem("3", labels.toString(), 4, "missing column: expected 2 tab-separated columns "
                        + "'ID<TAB>text,image', found 1"));
        assertThat(d.problems().get(0).message()).isEqualTo(labels + " line 3 (id 2): missing column: column 2 is "
                + "'negative', expected 'text,image' (two labels separated by a comma)");
        assertThat(d.items()).extracting(Pair::id).containsExactly("1");
    }

    @Test
    void unknownLabelWordNamesLineIdAndWord() {
        TestDatasets.mvsaSingle(dir, 2);
        TestDatasets.labelFile(dir, "ID\ttext,image\r\n1\tpositive,positive\r\n2\thappy,neutral\r\n");
        Problem p = DatasetFormats.read(dir, "mvsa-single").problems().get(0);
        assertThat(p.message()).isEqualTo(dir.resolve("labelResultAll.txt") + " line 3 (id 2): unknown label word "
                + "'happy' for the text in column 2: expected positive, neutral or negative");
    }

    @Test
    void duplicateIdNamesBothLines() {
        TestDatasets.mvsaSingle(dir, 2);
        TestDatasets.labelFile(dir, "ID\ttext,image\r\n1\tpositive,positive\r\n2\tneutral,neutral\r\n"
                + "1\tnegative,negative\r\n");
        Dataset d = DatasetFormats.read(dir, "mvsa-single");
        assertThat(d.problems()).containsExactly(new Problem("1", dir.resolve("labelResultAll.txt").toString(), 4,
                "duplicate id '1': already used on line 2"));
        assertThat(d.items()).extracting(Pair::label).containsExactly(Label.POSITIVE, Label.NEUTRAL);
        assertThat(d.rows()).isEqualTo(3);
    }

    @Test
    void unsafeIdsNeverBecomePaths() {
        TestDatasets.mvsaSingle(dir, 1);
        TestDatasets.labelFile(dir, "ID\ttext,image\r\n../1\tpositive,positive\r\n");
        assertThat(DatasetFormats.read(dir, "mvsa-single").problems().get(0).problem())
                .startsWith("id '../1' is not a file-name-safe id");
    }

    @Test
    void missingTextOrImageAndInvalidTextBytesAreItemProblems() throws IOException {
        TestDatasets.mvsaSingle(dir, 4);
        Files.delete(dir.resolve("data/2.jpg"));
        Files.delete(dir.resolve("data/3.txt"));
        TestDatasets.text(dir, "4", new byte[] {'o', 'k', 0, 0, 1});
        Dataset d = DatasetFormats.read(dir, "mvsa-single");
        assertThat(d.problems()).extracting(Problem::message).containsExactly(
                dir.resolve("data/2.jpg") + " (pair 2): image file not found",
                dir.resolve("data/3.txt") + " (pair 3): text file not found",
                dir.resolve("data/4.txt") + " (pair 4): invalid text bytes: control byte 0x00 at offset 2 "
                        + "(binary data, or UTF-16?)");
        assertThat(d.items()).extracting(Pair::id).containsExactly("1");
    }

    @Test
    void nonUtf8TextsAreKeptAndCounted() {
        TestDatasets.mvsaSingle(dir, 2);
        TestDatasets.text(dir, "2", new byte[] {'s', 'o', 'r', 'r', 'y', (byte) 0xA1, (byte) 0xAD});
        Dataset d = DatasetFormats.read(dir, "mvsa-single");
        assertThat(d.items().get(1).text()).isEqualTo("sorry\u2026");
        assertThat(d.items().get(1).textEncoding()).isEqualTo("GB18030");
        assertThat(d.nonUtf8Texts()).isEqualTo(1);
    }

    @Test
    void datasetLevelErrorsNameTheDirectoryAndTheExpectedLayout() throws IOException {
        Path missing = dir.resolve("nowhere");
        assertThatThrownBy(() -> DatasetFormats.read(missing, "mvsa-single")).isInstanceOf(UserInputException.class)
                .hasMessage("dataset directory " + missing + " does not exist (format mvsa-single expects "
                        + "labelResultAll.txt (header 'ID<TAB>text,image') with data/<ID>.txt and data/<ID>.jpg)");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> DatasetFormats.read(empty, "mvsa-single"))
                .hasMessageStartingWith("dataset directory " + empty + " is empty (format mvsa-single expects");
        Path noLabels = Files.createDirectory(dir.resolve("nolabels"));
        Files.writeString(noLabels.resolve("x.txt"), "x");
        assertThatThrownBy(() -> DatasetFormats.read(noLabels, "mvsa-single"))
                .hasMessageStartingWith("dataset directory " + noLabels + " has no labelResultAll.txt");
        assertThatThrownBy(() -> DatasetFormats.read(dir, "mvsa-triple"))
                .hasMessage("unknown dataset format 'mvsa-triple': expected one of mvsa-single, mvsa-multiple, manifest");
    }

    @Test
    void wrongHeaderIsADatasetLevelErrorWithAHint() {
        TestDatasets.mvsaSingle(dir, 1);
        TestDatasets.labelFile(dir, "ID\ttext,image\ttext,image\ttext,image\r\n1\tpositive,positive\r\n");
        assertThatThrownBy(() -> DatasetFormats.read(dir, "mvsa-single"))
                .hasMessage(dir.resolve("labelResultAll.txt") + " line 1: expected the header 'ID<TAB>text,image' of "
                        + "format mvsa-single, found 'ID<TAB>text,image<TAB>text,image<TAB>text,image'; three annotator "
                        + "columns: is this MVSA-Multiple (--format mvsa-multiple)?");
    }

    @Test
    void mvsaMultipleTakesTheMajorityPerModalityThenMerges() {
        TestDatasets.mvsaSingle(dir, 5);
        String header = "ID\ttext,image\ttext,image\ttext,image\r\n";
        TestDatasets.labelFile(dir, header
                + "1\tpositive,neutral\tpositive,positive\tneutral,neutral\r\n"     // text pos, image neutral -> pos
                + "2\tnegative,negative\tnegative,neutral\tpositive,negative\r\n"  // neg, neg -> neg
                + "3\tpositive,negative\tneutral,positive\tnegative,neutral\r\n"   // no text majority -> dropped
                + "4\tpositive,negative\tpositive,negative\tneutral,neutral\r\n"   // pos vs neg -> conflicting
                + "5\tneutral,neutral\tneutral,positive\tneutral,neutral\r\n");    // neutral
        Dataset d = DatasetFormats.read(dir, "mvsa-multiple");
        assertThat(d.items()).extracting(Pair::id).containsExactly("1", "2", "5");
        assertThat(d.items()).extracting(Pair::label).containsExactly(Label.POSITIVE, Label.NEGATIVE, Label.NEUTRAL);
        assertThat(d.items().get(0).imageLabel()).isEqualTo(Label.NEUTRAL);
        assertThat(d.droppedNoMajority()).containsExactly("3");
        assertThat(d.droppedConflicting()).containsExactly("4");
        assertThat(d.rows()).isEqualTo(5);
        assertThat(d.textEncodings().get("UTF-8")).isEqualTo(5);
    }

    @Test
    void theLabelFileMayStartWithABom() throws IOException {
        TestDatasets.mvsaSingle(dir, 1);
        byte[] body = "ID\ttext,image\r\n1\tpositive,positive\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(dir.resolve("labelResultAll.txt"), withBom);
        assertThat(DatasetFormats.read(dir, "mvsa-single").items()).hasSize(1);
    }
}
