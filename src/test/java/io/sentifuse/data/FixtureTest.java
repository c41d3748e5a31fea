package io.sentifuse.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.files.Checksums;
import io.sentifuse.files.Json;
import io.sentifuse.image.ImageDecoder;
import io.sentifuse.image.RgbImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed fixture: the special cases it promises, a learnable signal, and its generator in sync. */
class FixtureTest {

    @Test
    void configDefaultPointsAtTheFixture() {
        assertThat(Path.of(ConfigLoader.defaults(List.of()).data().path())).isEqualTo(TestDatasets.fixture());
    }

    @Test
    void checkFindsEveryPlantedCase() throws IOException {
        CliRunner.Result r = CliRunner.run("data", "check", TestDatasets.fixture().toString(), "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("pairs").asInt()).isEqualTo(24);
        assertThat(json.get("dropped_conflicting").asInt()).isEqualTo(1);
        assertThat(json.get("dropped_conflicting_ids").get(0).asText()).isEqualTo("22");
        assertThat(json.get("skipped").asInt()).isEqualTo(1);
        assertThat(json.get("usable").asInt()).isEqualTo(22);
        assertThat(json.get("labels").toString()).isEqualTo("{\"negative\":8,\"neutral\":6,\"positive\":8}");
        assertThat(json.get("non_utf8_texts").asInt()).isEqualTo(2);
        assertThat(json.get("encodings").toString()).isEqualTo("{\"UTF-8\":22,\"GB18030\":1,\"windows-1252\":1}");
        JsonNode problem = json.get("problems").get(0);
        assertThat(problem.get("id").asText()).isEqualTo("23");
        assertThat(problem.get("problem").asText()).startsWith("truncated JPEG");
        assertThat(json.get("pairs").asInt()).isEqualTo(json.get("usable").asInt() + json.get("skipped").asInt()
                + json.get("dropped_conflicting").asInt() + json.get("dropped_no_majority").asInt());
    }

    @Test
    void withoutArgumentsCheckUsesTheConfiguredDatasetAndItemPolicy() throws IOException {
        CliRunner.Result defaults = CliRunner.run("data", "check", "--json");
        assertThat(defaults.exitCode()).isZero();
        assertThat(Json.mapper().readTree(defaults.out()).get("path").asText()).isEqualTo(TestDatasets.fixture().toString());
        CliRunner.Result fail = CliRunner.run("data", "check", "--set", "data.item_policy=fail");
        assertThat(fail.exitCode()).isEqualTo(2);
        assertThat(fail.err()).contains("error: " + TestDatasets.fixture().resolve("data/23.jpg") + " (pair 23): truncated JPEG");
    }

    @Test
    void checksumIsTheDigestOfASha256sumListing() throws IOException {
        // What `cd DIR && sha256sum labelResultAll.txt data/* | LC_ALL=C sort -k 2 | sha256sum` prints.
        Path dir = TestDatasets.fixture();
        StringBuilder listing = new StringBuilder();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("data"))) {
            files = Stream.concat(Stream.of(dir.resolve("labelResultAll.txt")), s)
                    .sorted((a, b) -> dir.relativize(a).toString().compareTo(dir.relativize(b).toString())).toList();
        }
        for (Path f : files) {
            listing.append(Checksums.sha256(f)).append("  ").append(dir.relativize(f)).append('\n');
        }
        String expected = Checksums.sha256(listing.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(DataCheck.run(dir, "mvsa-single", ItemPolicy.SKIP, 2).datasetChecksum()).isEqualTo(expected);
    }

    @Test
    void specialFilesAreWhatTheFixturePromises() throws IOException {
        Path data = TestDatasets.fixture().resolve("data");
        byte[] png = Files.readAllBytes(data.resolve("18.jpg"));
        assertThat(png[1]).isEqualTo((byte) 'P');
        RgbImage grey = new ImageDecoder().decode(data.resolve("19.jpg"));
        assertThat(grey.get(40, 40, 0)).isEqualTo(grey.get(40, 40, 1)).isEqualTo(grey.get(40, 40, 2));
        Dataset d = DatasetFormats.read(TestDatasets.fixture(), "mvsa-single");
        assertThat(d.byId().get("4").textEncoding()).isEqualTo("GB18030");
        assertThat(d.byId().get("12").textEncoding()).isEqualTo("windows-1252");
        assertThat(d.byId().get("12").text()).contains("caf\u00e9");
        try (Stream<Path> s = Files.list(data)) {
            assertThat(s.mapToLong(p -> p.toFile().length()).max().orElseThrow()).isLessThan(4096);
        }
    }

    /** Warm minus blue per class: positive images are warm, negative cold, neutral in between. */
    @Test
    void imagesCarryAConsistentSignalPerImageLabel() {
        List<Pair> usable = DataCheck.run(TestDatasets.fixture(), "mvsa-single", ItemPolicy.SKIP, 2).usablePairs();
        Map<Label, double[]> warmth = new EnumMap<>(Label.class);
        ImageDecoder decoder = new ImageDecoder();
        for (Pair p : usable) {
            RgbImage img = decoder.decode(p.image());
            double sum = 0;
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    sum += img.get(x, y, 0) - img.get(x, y, 2);
                }
            }
            double mean = sum / (img.width() * img.height());
            double[] range = warmth.computeIfAbsent(p.imageLabel(), l -> new double[] {Double.MAX_VALUE, -Double.MAX_VALUE});
            range[0] = Math.min(range[0], mean);
            range[1] = Math.max(range[1], mean);
        }
        // Ranges of the three image labels do not overlap: negative < neutral < positive.
        assertThat(warmth.get(Label.NEGATIVE)[1]).isLessThan(warmth.get(Label.NEUTRAL)[0] - 20);
        assertThat(warmth.get(Label.NEUTRAL)[1]).isLessThan(warmth.get(Label.POSITIVE)[0] - 20);
    }

    @Test
    void generatorReproducesTheCommittedLabelsAndTexts(@TempDir Path tmp) throws IOException {
        FixtureGenerator.write(tmp);
        Path fixture = TestDatasets.fixture();
        assertThat(Files.readAllBytes(tmp.resolve("labelResultAll.txt")))
                .isEqualTo(Files.readAllBytes(fixture.resolve("labelResultAll.txt")));
        for (FixtureGenerator.Spec s : FixtureGenerator.PAIRS) {
            assertThat(Files.readAllBytes(tmp.resolve("data/" + s.id() + ".txt")))
                    .as("text %d", s.id()).isEqualTo(Files.readAllBytes(fixture.resolve("data/" + s.id() + ".txt")));
            assertThat(fixture.resolve("data/" + s.id() + ".jpg")).isRegularFile();
        }
    }
}
