package io.sentifuse.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.files.Json;
import io.sentifuse.finetune.TinyEncoders;
import io.sentifuse.train.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reproduce paper --finetune} in two stages per seed (tiny encoders on the demo data): the frozen
 * {@code ote-minilm-frozen} run, then the {@code ote-finetuned} run warm-started from that run of the same seed; both
 * rows in the table; a second call, and a call on the runs folder moved elsewhere, reuse all of them.
 */
class ReproduceFinetuneTest {

    @TempDir
    Path tmp;

    private CliRunner.Result reproduce(Path runs, String out) {
        Path d = TinyEncoders.dir();
        List<String> args = new ArrayList<>(List.of("reproduce", "paper", "--seeds", "1", "--heads", "text-only",
                "--protocol", "paper", "--finetune", "--finetune-seeds", "2", "--out", tmp.resolve(out).toString(),
                "--resume", runs.toString(), "--json"));
        for (String set : List.of("data.path=datasets/fixture/demo", "output.cache_dir=target/test-cache",
                "text.model=" + d.resolve("tiny-bert.onnx"), "text.tokenizer=" + d.resolve("vocab.txt"),
                "text.max_length=16", "image.model=" + d.resolve("tiny-cnn.onnx"), "image.size=16",
                "image.resize=stretch", "fusion.projection_dim=8", "fusion.hidden_dim=8", "fusion.heads=2",
                "fusion.ffn_dim=16", "training.epochs=2", "training.warmup_steps=4")) {
            args.addAll(List.of("--set", set));
        }
        return CliRunner.run(args.toArray(new String[0]));
    }

    @Test
    void eachFineTunedRunStartsFromTheFrozenRunOfItsSeedAndIsReusedLikeEveryRun() throws Exception {
        Path runs = tmp.resolve("runs");
        CliRunner.Result first = reproduce(runs, "out");
        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode result = last(first.out());
        assertThat(result.get("runs").asInt()).isEqualTo(5);
        assertThat(result.get("trained").asInt()).isEqualTo(5);

        List<String> csv = Files.readAllLines(tmp.resolve("out").resolve(ReproduceService.CSV));
        assertThat(csv.stream().skip(1).map(l -> l.split(",")[0] + "/" + l.split(",")[1] + "/" + l.split(",")[2]))
                .containsExactly("paper/text-only/1", "paper/ote-minilm-frozen/2", "paper/ote-finetuned/2");
        assertThat(Files.readString(tmp.resolve("out").resolve(ReproduceService.MARKDOWN)))
                .contains("ote-finetuned: its head warm-started from the ote-minilm-frozen run of the same seed");

        for (int seed = 0; seed < 2; seed++) {
            Path frozen = runDir(runs, "paper-paper-ote-minilm-frozen-s" + seed);
            Path tuned = runDir(runs, "paper-paper-ote-finetuned-s" + seed);
            ExperimentConfig f = ConfigLoader.load(frozen.resolve("config.yaml"), List.of());
            ExperimentConfig t = ConfigLoader.load(tuned.resolve("config.yaml"), List.of());
            assertThat(f.training().mode()).isEqualTo(TrainingConfig.Mode.FROZEN);
            assertThat(f.fusion().standardize()).isFalse();
            assertThat(t.training().mode()).isEqualTo(TrainingConfig.Mode.FINETUNE);
            assertThat(t.seed()).isEqualTo(seed).isEqualTo(f.seed());
            assertThat(Path.of(t.training().warmStart())).isEqualTo(frozen);
            JsonNode provenance = Json.read(tuned.resolve("provenance.json"), JsonNode.class);
            assertThat(provenance.at("/finetune/warm_start/run_dir").asText()).isEqualTo(frozen.toString());
        }

        CliRunner.Result again = reproduce(runs, "again");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(last(again.out()).get("trained").asInt()).isZero();

        // elsewhere, the fine-tuned runs' warm starts name the old folder: still the same runs
        Path moved = tmp.resolve("moved");
        RunFiles.copyTree(runs, moved);
        CliRunner.Result there = reproduce(moved, "there");
        assertThat(there.exitCode()).as(there.err()).isZero();
        assertThat(last(there.out()).get("trained").asInt()).isZero();
        assertThat(Files.readAllLines(tmp.resolve("there").resolve(ReproduceService.CSV)).subList(1, 4)
                .stream().map(ReproduceFinetuneTest::withoutSeconds).toList())
                .isEqualTo(csv.subList(1, 4).stream().map(ReproduceFinetuneTest::withoutSeconds).toList());
    }

    private static Path runDir(Path runs, String name) throws Exception {
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().endsWith("-" + name)).toList();
            assertThat(found).as(name).hasSize(1);
            return found.get(0);
        }
    }

    private static String withoutSeconds(String line) {
        return line.substring(0, line.lastIndexOf(','));
    }

    private static JsonNode last(String out) throws Exception {
        List<String> lines = out.strip().lines().toList();
        return Json.mapper().readTree(lines.get(lines.size() - 1));
    }
}
