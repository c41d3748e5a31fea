package io.sentifuse.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.SharedData;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.DataConfig.SplitProtocol;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance on the real MVSA-Single development copy in ../shared (skips where it is absent). */
class RealDataTest {

    @TempDir
    Path dir;

    @Test
    void checkGivesTheLiteraturesCounts() throws IOException {
        Path data = SharedData.mvsaSingle();
        CliRunner.Result r = CliRunner.run("data", "check", data.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("pairs").asInt()).isEqualTo(4358);
        assertThat(json.get("dropped_conflicting").asInt()).isEqualTo(358);
        assertThat(json.get("usable").asInt()).isEqualTo(4000);
        assertThat(json.at("/labels/positive").asInt()).isEqualTo(2388);
        assertThat(json.at("/labels/negative").asInt()).isEqualTo(1193);
        assertThat(json.at("/labels/neutral").asInt()).isEqualTo(419);
        assertThat(json.get("non_utf8_texts").asInt()).isGreaterThan(1000);
        assertThat(json.get("problems")).isEmpty();
        assertThat(json.get("images_checked").asInt()).isEqualTo(4000);
        // The README's figure: every non-UTF-8 text decodes as GB18030.
        assertThat(json.at("/encodings/GB18030").asInt()).isEqualTo(json.get("non_utf8_texts").asInt());
    }

    @Test
    void paperSplitIsByteIdenticalAcrossRunsWith3200And800() throws IOException {
        Path data = SharedData.mvsaSingle();
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        for (Path out : List.of(a, b)) {
            CliRunner.Result r = CliRunner.run("data", "split", data.toString(), "--protocol", "paper", "--seed", "42",
                    "--out", out.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
        }
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        Split s = Split.read(a);
        assertThat(s.ids(Split.TRAIN)).hasSize(3200);
        assertThat(s.ids(Split.VAL)).hasSize(800);
    }

    @Test
    void standardSplitKeepsEachLabelsShareWithinOnePoint() {
        Path data = SharedData.mvsaSingle();
        Dataset d = DatasetFormats.read(data, "mvsa-single");
        Split s = Split.create(d, SplitProtocol.STANDARD, 42, "unused");
        Map<String, Double> overall = DataSplit.shares(d.items());
        Map<String, List<Pair>> parts = s.resolve(d);
        assertThat(parts.get(Split.TRAIN).size() + parts.get(Split.DEV).size() + parts.get(Split.TEST).size())
                .isEqualTo(4000);
        assertThat(parts.get(Split.DEV).size()).isBetween(398, 402);
        parts.forEach((part, pairs) -> DataSplit.shares(pairs).forEach((label, share) ->
                assertThat(share).as("%s in %s", label, part).isCloseTo(overall.get(label), Offset.offset(1.0))));
    }
}
