package io.sentifuse.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.data.PairRecordReader;
import io.sentifuse.data.Split;
import io.sentifuse.files.Json;
import io.sentifuse.train.Checkpoints;
import io.sentifuse.train.TrainingService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance check of end-to-end fine-tuning: {@code train experiments/smoke/finetune.yaml --json} with
 * all-MiniLM-L6-v2 and the nsfwjs MobileNetV2 both training at batch 4 on the committed fixture, through the CLI,
 * prints the frozen mode's JSON and leaves a complete run folder. Encoder graphs come from target/test-cache.
 */
class FineTuneSmokeTest {

    @Test
    void theSmokeExperimentFineTunesMiniLmAndMobileNetV2EndToEnd(@TempDir Path runs) throws Exception {
        CliRunner.Result r = CliRunner.run("train", "experiments/smoke/finetune.yaml", "--set",
                TinyEncoders.CACHE, "--set", "output.runs_dir=" + runs.resolve("finetune"), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = last(r.out());
        Path run = Path.of(json.get("run_dir").asText());
        assertThat(json.get("epochs_run").asInt()).isEqualTo(1);
        assertThat(json.at("/val/accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.at("/val/weighted_f1").isNumber()).isTrue();
        assertThat(json.at("/val/macro_f1").isNumber()).isTrue();
        // MiniLM (22.7 M), MobileNetV2's feature layers (2.2 M) and the head all train
        assertThat(json.get("parameters").asLong()).isGreaterThan(24_000_000L);
        assertThat(json.get("train_examples").asInt() + json.get("val_examples").asInt()).isEqualTo(23);

        CliRunner.Result frozen = CliRunner.run("train", "experiments/smoke/synthetic.yaml", "--set",
                "output.runs_dir=" + runs.resolve("frozen"), "--set", "training.epochs=1", "--set",
                "training.synthetic.examples=100", "--json");
        assertThat(frozen.exitCode()).as(frozen.err()).isZero();
        assertThat(structure(json, "")).as("the JSON of a frozen run has the same fields")
                .isEqualTo(structure(last(frozen.out()), ""));

        for (String file : List.of("config.yaml", "provenance.json", "metrics.jsonl", "iterations.jsonl",
                "report.json", "report.txt")) {
            assertThat(run.resolve(file)).as(file).isRegularFile();
        }
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(1);
        assertThat(Files.readAllLines(run.resolve("iterations.jsonl"))).hasSize(5);
        Path checkpoint = Checkpoints.folder(run.resolve(Checkpoints.DIR), 0);
        for (String file : List.of(FineTuneModelFiles.MODEL_FILE, FineTuneModelFiles.PARAMETERS_FILE,
                Checkpoints.OPTIMIZER_FILE, Checkpoints.STATE_FILE)) {
            assertThat(checkpoint.resolve(file)).as(file).isRegularFile();
        }
        Path model = run.resolve(TrainingService.MODEL_DIR);
        JsonNode meta = Json.read(model.resolve(FineTuneModelFiles.MODEL_FILE), JsonNode.class);
        assertThat(meta.get("format").asText()).isEqualTo(FineTuneModelFiles.FORMAT);
        assertThat(meta.get("finetune").asText()).isEqualTo("both");
        assertThat(meta.at("/text/sha256").asText()).hasSize(64);
        assertThat(meta.at("/image/sha256").asText()).hasSize(64);
        assertThat(model.resolve(FineTuneModelFiles.TOKENIZER_DIR).resolve(meta.at("/text/tokenizer").asText()))
                .isRegularFile();
        // every MiniLM and MobileNetV2 weight that reaches the loss is stored: ~25 M floats
        assertThat(Files.size(model.resolve(FineTuneModelFiles.PARAMETERS_FILE))).isGreaterThan(95_000_000L);
    }

    /**
     * Gradients really flow through MiniLM into the loss: fine-tuning the text encoder with a text-only head on
     * 8 pairs of the demo dataset (one batch, dropout off) must drive the training loss to under a tenth of the
     * first epoch's within 6 epochs (measured: 1.22, 0.83, 0.43, 0.14, 0.02, 0.002).
     */
    @Test
    void fineTuningTheTextEncoderOverfitsOneBatch(@TempDir Path tmp) throws Exception {
        PairRecordReader demo = PairRecordReader.open(Path.of("datasets/fixture/demo"), "mvsa-single");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ids.add(demo.pair(i).id());
        }
        Path split = tmp.resolve("split.json");
        Json.write(split, Map.of("version", 1, "protocol", "paper", "seed", 0, "format", "mvsa-single",
                "dataset_checksum", "demo", "parts", Map.of(Split.TRAIN, ids.subList(0, 8), Split.VAL,
                        ids.subList(8, 16))));
        CliRunner.Result r = CliRunner.run("train", "experiments/smoke/finetune.yaml", "--set", TinyEncoders.CACHE,
                "--set", "output.runs_dir=" + tmp.resolve("runs"), "--set", "data.path=datasets/fixture/demo",
                "--set", "data.split_file=" + split, "--set", "fusion.head=text-only", "--set",
                "training.finetune=text", "--set", "training.epochs=6", "--set", "training.batch_size=8", "--set",
                "training.eval_batch_size=8", "--set", "training.lr=1e-2", "--set", "training.encoder_lr=1e-4",
                "--set", "fusion.dropout=0", "--set", "fusion.input_dropout=0", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path run = Path.of(last(r.out()).get("run_dir").asText());
        List<String> epochs = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertThat(epochs).hasSize(6);
        double first = Json.mapper().readTree(epochs.get(0)).get("train_loss").asDouble();
        double lastLoss = Json.mapper().readTree(epochs.get(5)).get("train_loss").asDouble();
        assertThat(lastLoss).as("loss after 6 epochs vs the first (" + first + ")").isLessThan(0.1 * first);
    }

    private static JsonNode last(String out) throws Exception {
        List<String> lines = out.strip().lines().toList();
        return Json.mapper().readTree(lines.get(lines.size() - 1));
    }

    /** Field paths of the objects in {@code node} (array contents: their first element's). */
    private static TreeSet<String> structure(JsonNode node, String at) {
        TreeSet<String> out = new TreeSet<>();
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                out.add(at + "/" + f);
                out.addAll(structure(node.get(f), at + "/" + f));
            }
        } else if (node.isArray() && node.size() > 0) {
            out.addAll(structure(node.get(0), at + "[]"));
        }
        return out;
    }
}
