package io.sentifuse.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestFormatTest {

    @TempDir
    Path dir;

    @BeforeEach
    void images() {
        TestDatasets.write(dir.resolve("img/a.jpg"), TestDatasets.jpeg(TestDatasets.WARM));
        TestDatasets.write(dir.resolve("img/b.png"), TestDatasets.jpeg(TestDatasets.COLD));
        TestDatasets.write(dir.resolve("texts/b.txt"), "from a file".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void csvWithQuotedCommasQuotesAndLineBreaks() throws IOException {
        Files.writeString(dir.resolve("manifest.csv"), "id,text,text_file,image,label\r\n"
                + "a,\"Sun, sea and \"\"fun\"\"\nsecond line\",,img/a.jpg,positive\r\n"
                + "b,,texts/b.txt,img/b.png,Negative\r\n");
        Dataset d = DatasetFormats.read(dir, "manifest");
        assertThat(d.problems()).isEmpty();
        assertThat(d.items()).extracting(Pair::text).containsExactly("Sun, sea and \"fun\"\nsecond line", "from a file");
        assertThat(d.items()).extracting(Pair::label).containsExactly(Label.POSITIVE, Label.NEGATIVE);
        assertThat(d.items().get(1).image()).isEqualTo(dir.toAbsolutePath().resolve("img/b.png"));
        assertThat(d.files()).containsOnlyKeys("manifest.csv", "img/a.jpg", "img/b.png", "texts/b.txt");
    }

    @Test
    void jsonLinesWithPerModalityLabelsAreMerged() throws IOException {
        Path manifest = dir.resolve("pairs.jsonl");
        Files.writeString(manifest, """
                {"id": "a", "text": "nice", "image": "img/a.jpg", "text_label": "neutral", "image_label": "positive"}

                {"id": "b", "text_file": "texts/b.txt", "image": "img/b.png", "text_label": "positive", "image_label": "negative"}
                """);
        Dataset d = DatasetFormats.read(manifest, "manifest");
        assertThat(d.items()).extracting(Pair::label).containsExactly(Label.POSITIVE);
        assertThat(d.items().get(0).textLabel()).isEqualTo(Label.NEUTRAL);
        assertThat(d.droppedConflicting()).containsExactly("b");
        assertThat(d.rows()).isEqualTo(2);
    }

    @Test
    void badRecordsAreProblemsNamingTheLine() throws IOException {
        Path manifest = dir.resolve("manifest.csv");
        Files.writeString(manifest, "id,text,image,label\n"
                + "a,hello,img/a.jpg\n"
                + "b,hello,img/a.jpg,joyful\n"
                + "c,hello,img/missing.jpg,neutral\n"
                + "a,again,img/a.jpg,neutral\n"
                + "d,hello,img/a.jpg,positive\n"
                + "a,hello,img/a.jpg,positive\n");
        Dataset d = DatasetFormats.read(dir, "manifest");
        assertThat(d.problems()).extracting(Problem::message).containsExactly(
                manifest + " line 2 (id a): missing column: expected 4 comma-separated fields, found 3",
                manifest + " line 3 (id b): unknown label word 'joyful' in label: expected positive, neutral or negative",
                dir.toAbsolutePath().resolve("img/missing.jpg") + " (pair c): image file not found",
                manifest + " line 7 (id a): duplicate id 'a': already used on line 5");
        assertThat(d.items()).extracting(Pair::id).containsExactly("a", "d");
        assertThat(d.items().get(0).text()).isEqualTo("again");
    }

    @Test
    void jsonLineThatIsNotAnObjectIsAProblem() throws IOException {
        Path manifest = dir.resolve("manifest.jsonl");
        Files.writeString(manifest, "{\"id\": \"a\", \"text\": \"x\", \"image\": \"img/a.jpg\", \"label\": \"neutral\"}\n[1, 2]\n{oops\n");
        Dataset d = DatasetFormats.read(dir, "manifest");
        assertThat(d.problems()).extracting(Problem::line).containsExactly(2, 3);
        assertThat(d.problems().get(0).problem()).isEqualTo("expected a JSON object with id, text or text_file, image, label");
        assertThat(d.items()).hasSize(1);
    }

    @Test
    void headerWithoutRequiredColumnsIsADatasetError() throws IOException {
        Path manifest = dir.resolve("manifest.csv");
        Files.writeString(manifest, "id,text,picture,label\na,x,img/a.jpg,neutral\n");
        assertThatThrownBy(() -> DatasetFormats.read(manifest, "manifest"))
                .hasMessage(manifest + " line 1: the header must name the columns id, image, text or text_file, and "
                        + "label (or text_label and image_label; no label column for unlabelled data); found "
                        + "id,text,picture,label");
        Files.writeString(manifest, "id,text,image,text_label\na,x,img/a.jpg,neutral\n");
        assertThatThrownBy(() -> DatasetFormats.read(manifest, "manifest"))
                .hasMessageContaining("found id,text,image,text_label");
        Files.writeString(manifest, "id,text,image,label\na,\"never closed,img/a.jpg,neutral\n");
        assertThatThrownBy(() -> DatasetFormats.read(manifest, "manifest"))
                .hasMessage(manifest + " line 2: a quoted field is never closed (missing '\"')");
    }
}
