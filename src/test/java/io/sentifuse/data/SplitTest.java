package io.sentifuse.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.DataConfig.SplitProtocol;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Checksums;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitTest {

    @TempDir
    Path dir;

    /** 1,000 pairs: 600 positive, 300 negative, 100 neutral, ids "1".."1000" in scrambled file order. */
    static Dataset synthetic() {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 1000; i >= 1; i--) {
            Label l = i % 10 < 6 ? Label.POSITIVE : i % 10 < 9 ? Label.NEGATIVE : Label.NEUTRAL;
            pairs.add(new Pair(String.valueOf(i), "t" + i, "UTF-8", Path.of("data/" + i + ".jpg"), l, l, l));
        }
        return new Dataset("mvsa-single", Path.of("synthetic"), Path.of("synthetic"), 1000, pairs, List.of(),
                List.of(), List.of(), Map.of(), new TreeMap<>());
    }

    @Test
    void paperSplitIsEightyTwentyDeterministicAndDisjoint() {
        Dataset d = synthetic();
        Split a = Split.create(d, SplitProtocol.PAPER, 42, "abc");
        Split b = Split.create(d, SplitProtocol.PAPER, 42, "abc");
        assertThat(a.toBytes()).isEqualTo(b.toBytes());
        assertThat(a.ids(Split.TRAIN)).hasSize(800);
        assertThat(a.ids(Split.VAL)).hasSize(200);
        Set<String> all = new HashSet<>(a.ids(Split.TRAIN));
        all.addAll(a.ids(Split.VAL));
        assertThat(all).hasSize(1000);
        Split other = Split.create(d, SplitProtocol.PAPER, 43, "abc");
        assertThat(other.ids(Split.VAL)).isNotEqualTo(a.ids(Split.VAL));
        // Parts are stored in natural id order, whatever the file order.
        assertThat(a.ids(Split.TRAIN)).isSortedAccordingTo(SplitMaker.NATURAL);
    }

    @Test
    void splitDoesNotDependOnTheOrderOfTheLabelFile() {
        Dataset d = synthetic();
        List<Pair> reversed = new ArrayList<>(d.items());
        java.util.Collections.reverse(reversed);
        Dataset r = new Dataset(d.format(), d.path(), d.root(), d.rows(), reversed, List.of(), List.of(), List.of(),
                Map.of(), new TreeMap<>());
        assertThat(Split.create(r, SplitProtocol.STANDARD, 7, "x").toBytes())
                .isEqualTo(Split.create(d, SplitProtocol.STANDARD, 7, "x").toBytes());
    }

    @Test
    void standardSplitIsStratifiedEightOneOne() {
        Dataset d = synthetic();
        Split s = Split.create(d, SplitProtocol.STANDARD, 42, "abc");
        assertThat(s.parts().keySet()).containsExactly(Split.TRAIN, Split.DEV, Split.TEST);
        assertThat(s.ids(Split.TRAIN)).hasSize(800);
        assertThat(s.ids(Split.DEV)).hasSize(100);
        assertThat(s.ids(Split.TEST)).hasSize(100);
        Map<String, Double> overall = DataSplit.shares(d.items());
        s.resolve(d).forEach((part, pairs) -> DataSplit.shares(pairs).forEach((label, share) ->
                assertThat(share).as("%s share in %s", label, part).isCloseTo(overall.get(label),
                        org.assertj.core.data.Offset.offset(1.0))));
    }

    @Test
    void fileRoundTripKeepsBytesAndTheSha256IsTheFiles() throws IOException {
        Split s = Split.create(synthetic(), SplitProtocol.STANDARD, 5, "feed");
        Path file = dir.resolve("split.json");
        s.write(file);
        Split back = Split.read(file);
        assertThat(back.toBytes()).isEqualTo(Files.readAllBytes(file));
        assertThat(back.sha256()).isEqualTo(Checksums.sha256(file)).isEqualTo(s.sha256());
        assertThat(back.parts()).isEqualTo(s.parts());
        assertThat(back.seed()).isEqualTo(5);
        assertThat(back.protocol()).isEqualTo(SplitProtocol.STANDARD);
        assertThat(back.datasetChecksum()).isEqualTo("feed");
        String text = Files.readString(file);
        assertThat(text).startsWith("{\n  \"version\" : 1,\n  \"protocol\" : \"standard\",\n  \"seed\" : 5,\n")
                .doesNotContain("\r").endsWith("}\n");
        assertThat(back.provenance()).containsEntry("sha256", s.sha256()).containsEntry("file", file.toString())
                .containsEntry("protocol", "standard").containsEntry("seed", 5L)
                .containsEntry("sizes", Map.of("train", 800, "dev", 100, "test", 100));
    }

    @Test
    void unknownIdsAreAnErrorNamingThem() throws IOException {
        Path file = dir.resolve("split.json");
        Files.writeString(file, "{\"protocol\": \"paper\", \"seed\": 1, \"format\": \"mvsa-single\", "
                + "\"dataset_checksum\": \"x\", \"parts\": {\"train\": [\"1\", \"5000\"], \"val\": [\"2\", \"x7\"]}}");
        Split s = Split.read(file);
        assertThatThrownBy(() -> s.resolve(synthetic())).isInstanceOf(UserInputException.class)
                .hasMessage("split " + file + " names 2 id(s) that are not usable pairs of dataset synthetic "
                        + "(mvsa-single): train:5000, val:x7; was it made for another dataset?");
        assertThatThrownBy(() -> s.ids("test"))
                .hasMessage("split " + file + " has no part 'test': its parts are train, val");
    }

    @Test
    void malformedSplitFilesAreErrorsNamingTheField() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"protocol\": \"paper\", \"seed\": 1, \"format\": \"m\", \"dataset_checksum\": \"x\", "
                + "\"parts\": {\"train\": [\"1\"], \"val\": [\"1\"]}}");
        assertThatThrownBy(() -> Split.read(file))
                .hasMessage("split file " + file + ": id '1' is in part 'train' and again in part 'val'");
        Files.writeString(file, "{\"protocol\": \"random\", \"seed\": 1}");
        assertThatThrownBy(() -> Split.read(file))
                .hasMessage("split file " + file + ": unknown protocol 'random', expected paper or standard");
        Files.writeString(file, "not json");
        assertThatThrownBy(() -> Split.read(file)).hasMessageStartingWith("split file " + file + " is not JSON");
    }

    @Test
    void aRunReusesTheSplitFileItIsGiven() {
        Dataset d = synthetic();
        Path file = dir.resolve("s.json");
        Split.create(d, SplitProtocol.PAPER, 1, "c").write(file);
        Split reused = Split.forRun(file.toString(), SplitProtocol.STANDARD, 99, d, "c");
        assertThat(reused.protocol()).isEqualTo(SplitProtocol.PAPER);
        assertThat(reused.seed()).isEqualTo(1);
        Split fresh = Split.forRun("", SplitProtocol.STANDARD, 99, d, "c");
        assertThat(fresh.protocol()).isEqualTo(SplitProtocol.STANDARD);
        assertThat(reused.part(d, Split.VAL)).hasSize(200).allSatisfy(p -> assertThat(p.text()).startsWith("t"));
    }

    @Test
    void cliWritesByteIdenticalFilesForTheSameSeed() throws IOException {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        String fixture = TestDatasets.fixture().toString();
        CliRunner.Result r1 = CliRunner.run("data", "split", fixture, "--protocol", "paper", "--seed", "42", "--out",
                a.toString(), "--json");
        CliRunner.Result r2 = CliRunner.run("data", "split", fixture, "--protocol", "paper", "--seed", "42", "--out",
                b.toString());
        assertThat(r1.exitCode()).isZero();
        assertThat(r2.exitCode()).isZero();
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        JsonNode json = Json.mapper().readTree(r1.out());
        assertThat(json.get("sha256").asText()).isEqualTo(Checksums.sha256(a));
        // The fixture's 23 readable-and-labelled pairs (the corrupt image is only found by decoding).
        assertThat(json.at("/sizes/train").asInt() + json.at("/sizes/val").asInt()).isEqualTo(23);
        assertThat(json.at("/sizes/train").asInt()).isEqualTo(18);
        assertThat(r2.out()).contains("wrote").contains("train      18:");
        CliRunner.Result bad = CliRunner.run("data", "split", fixture, "--protocol", "random", "--seed", "1", "--out",
                a.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--protocol").contains("random");
    }
}
