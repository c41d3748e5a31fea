package io.sentifuse.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A published input's archive: folders and files round-trip with their paths, bytes and times; no zip slip. */
class InputArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void foldersAndFilesComeBackWithTheirPathsBytesAndModificationTimes() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("src/demo/data"));
        Files.writeString(data.resolve("1.txt"), "a text", StandardCharsets.UTF_8);
        Files.write(data.resolve("1.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 0, 1, 2});
        Files.setLastModifiedTime(data.resolve("1.jpg"), FileTime.fromMillis(1_600_000_000_000L));
        Path labels = Files.writeString(tmp.resolve("src/demo/labels.txt"), "ID\ttext,image\n1\tpositive,neutral\n");
        Path split = Files.writeString(tmp.resolve("src/split.json"), "{}");
        Map<String, Path> contents = new LinkedHashMap<>();
        contents.put("demo", tmp.resolve("src/demo"));
        contents.put("features/split.json", split);

        Path zip = tmp.resolve("input.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            InputArchive.write(contents, out);
        }
        Path into = Files.createDirectories(tmp.resolve("out"));
        InputArchive.extract(zip, into);

        assertThat(into.resolve("demo/data/1.txt")).hasContent("a text");
        assertThat(Files.readAllBytes(into.resolve("demo/data/1.jpg"))).containsExactly(0xff, 0xd8, 0, 1, 2);
        assertThat(Files.getLastModifiedTime(into.resolve("demo/data/1.jpg")).toMillis()).isEqualTo(1_600_000_000_000L);
        assertThat(into.resolve("demo/labels.txt")).hasSameTextualContentAs(labels);
        assertThat(into.resolve("features/split.json")).hasContent("{}");
    }

    @Test
    void aLinkToAFolderPublishesTheFolder() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("mnt/mvsa/data"));
        Files.writeString(real.resolve("2.txt"), "linked");
        Path link = Files.createSymbolicLink(tmp.resolve("mvsa"), tmp.resolve("mnt/mvsa"));
        assertThat(InputArchive.files(link)).containsExactly(real.resolve("2.txt").toRealPath());
        Path zip = tmp.resolve("input.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            InputArchive.write(Map.of("mvsa", link), out);
        }
        Path into = Files.createDirectories(tmp.resolve("out"));
        InputArchive.extract(zip, into);
        assertThat(into.resolve("mvsa/data/2.txt")).hasContent("linked");
    }

    @Test
    void anEntryOutsideTheFolderIsRefused() throws IOException {
        Path zip = tmp.resolve("evil.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("../escaped.txt"));
            out.write("x".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Path into = Files.createDirectories(tmp.resolve("out"));
        assertThatThrownBy(() -> InputArchive.extract(zip, into)).isInstanceOf(IOException.class)
                .hasMessage(zip + ": entry '../escaped.txt' lies outside the folder it is extracted to");
        assertThat(tmp.resolve("escaped.txt")).doesNotExist();
    }
}
