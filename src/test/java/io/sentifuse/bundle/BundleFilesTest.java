package io.sentifuse.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.cli.CliRunner;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle as a file: written atomically, read back only when intact and of a version this build reads. */
class BundleFilesTest {

    @TempDir
    Path tmp;

    private Path bundle() throws IOException {
        Files.writeString(tmp.resolve("a.txt"), "head parameters");
        Files.write(tmp.resolve("b.bin"), new byte[] {1, 2, 3, 4, 5});
        Map<String, Path> entries = new LinkedHashMap<>();
        entries.put("head/a.txt", tmp.resolve("a.txt"));
        entries.put("text/b.bin", tmp.resolve("b.bin"));
        BundleManifest m = new BundleManifest(BundleFiles.FORMAT, BundleFiles.SINGLE_VERSION, "now", "test", "frozen",
                "naive-cat", List.of("negative", "neutral", "positive"), Map.of(), Map.of(), true, List.of(), null,
                null, Map.of(), Map.of(), Map.of(), null);
        Path out = tmp.resolve("m.zip");
        BundleManifest written = BundleFiles.write(out, m, entries);
        assertThat(written.entries()).containsOnlyKeys("head/a.txt", "text/b.bin");
        assertThat(Files.exists(tmp.resolve("m.zip.partial"))).as("no partial file left").isFalse();
        return out;
    }

    @Test
    void anIntactBundleExtractsWithItsEntries() throws IOException {
        Path b = bundle();
        BundleManifest m = BundleFiles.extract(b, tmp.resolve("x"));
        assertThat(m.head()).isEqualTo("naive-cat");
        assertThat(Files.readString(tmp.resolve("x/head/a.txt"))).isEqualTo("head parameters");
        assertThat(m.entries().get("head/a.txt"))
                .isEqualTo(io.sentifuse.files.Checksums.sha256("head parameters".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aChangedEntryIsRefusedNamingIt() throws IOException {
        Path b = bundle();
        Path tampered = rewrite(b, "text/b.bin", new byte[] {1, 2, 3, 4, 6}, null);
        assertThatThrownBy(() -> BundleFiles.extract(tampered, tmp.resolve("y")))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining(tampered + ": entry text/b.bin is damaged: its SHA-256 is");
        // one byte flipped inside the zip file itself (in the entry's compressed data, just after its local header
        // and name): the zip's own check or the digest names the entry
        byte[] raw = Files.readAllBytes(b);
        int name = indexOf(raw, "head/a.txt".getBytes(StandardCharsets.UTF_8));
        assertThat(name).isGreaterThan(0);
        int extra = (raw[name - 2] & 0xff) | (raw[name - 1] & 0xff) << 8;
        raw[name + "head/a.txt".length() + extra + 2] ^= 0x01;
        Path flipped = tmp.resolve("flipped.zip");
        Files.write(flipped, raw);
        assertThatThrownBy(() -> BundleFiles.extract(flipped, tmp.resolve("z")))
                .isInstanceOf(UserInputException.class).hasMessageContaining("entry head/a.txt is damaged");
        CliRunner.Result r = CliRunner.run("predict", "--model", tampered.toString(), "--text", "x", "--image", "y.jpg");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("entry text/b.bin is damaged");
    }

    @Test
    void anUnknownFormatVersionIsRefused() throws IOException {
        Path b = bundle();
        Path newer = rewrite(b, null, null, 99);
        assertThatThrownBy(() -> BundleFiles.extract(newer, tmp.resolve("v")))
                .isInstanceOf(UserInputException.class)
                .hasMessage(newer + ": bundle format version 99 cannot be read by this build, which reads versions 1 "
                        + "to " + BundleFiles.VERSION + " (the bundle is newer: update sentifuse)");
        Path noMembers = rewrite(b, null, null, BundleFiles.ENSEMBLE_VERSION);
        assertThatThrownBy(() -> BundleFiles.extract(noMembers, tmp.resolve("e")))
                .isInstanceOf(UserInputException.class)
                .hasMessage(noMembers + ": a version 2 bundle must list at least two ensemble members in bundle.json");
        CliRunner.Result r = CliRunner.run("evaluate", "--model", newer.toString(), "--data", "datasets/fixture/demo");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bundle format version 99 cannot be read");
        assertThatThrownBy(() -> BundleFiles.extract(tmp.resolve("missing.zip"), tmp.resolve("w")))
                .hasMessage("model bundle " + tmp.resolve("missing.zip") + " not found");
    }

    /** A copy of {@code b} with one entry's content replaced and/or the manifest's version changed. */
    private Path rewrite(Path b, String entry, byte[] content, Integer version) throws IOException {
        return rewrite(tmp, b, entry, content, version);
    }

    /** As above, the copy written in {@code dir}. */
    static Path rewrite(Path dir, Path b, String entry, byte[] content, Integer version) throws IOException {
        Path out = dir.resolve("rewritten-" + System.nanoTime() + ".zip");
        try (ZipFile in = new ZipFile(b.toFile()); OutputStream raw = Files.newOutputStream(out);
             ZipOutputStream zip = new ZipOutputStream(raw)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(e).readAllBytes();
                if (e.getName().equals(entry)) {
                    bytes = content;
                }
                if (version != null && e.getName().equals(BundleFiles.MANIFEST)) {
                    var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(bytes);
                    node.put("format_version", version);
                    bytes = Json.pretty(node).getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
