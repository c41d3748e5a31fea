package io.sentifuse.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ConfigWriter;
import io.sentifuse.files.Json;
import io.sentifuse.run.RunDir;
import io.sentifuse.train.EpochStats;
import io.sentifuse.train.IterationStats;
import io.sentifuse.train.MetricsWriter;
import io.sentifuse.train.RunEnded;
import io.sentifuse.train.RunStarted;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link MetricsWriter} writes reads back, through {@link JsonLinesTail} and {@link TrainerRecords}, as the events it was given. */
class TrainerRecordsTest {

    @TempDir
    Path dir;

    @Test
    void eventsRoundTripThroughTheTrainersFilesIncludingNaN() throws Exception {
        Map<String, Object> provenance = new LinkedHashMap<>();
        RunStarted start = new RunStarted(dir, "ignored", "ignored", 7, 3, 0, 0, Map.of("x/W", 12L, "x/b", 4L));
        IterationStats sampled = new IterationStats(1, 0, Double.NaN, Map.of("head", 1e-3, "encoder", 5e-6), 2.5,
                Map.of("x/W", 1e-4), Map.of("x/W", 3.0), 16, 42, 123456);
        IterationStats plain = new IterationStats(2, 0, 0.75, Map.of("head", 1e-3), 1.5, Map.of(), Map.of(), 8, 40, 123500);
        EpochStats epoch = new EpochStats(0, 2, 0.8, Map.of("loss", 0.9, "accuracy", 0.6, "weighted_f1", 0.55,
                "macro_f1", 0.5, "negative_f1", 0.4), true, 1.25, 124000);
        try (MetricsWriter w = new MetricsWriter(dir, provenance::put)) {
            w.onStart(start);
            w.onIteration(sampled);
            w.onIteration(plain);
            w.onEpoch(epoch);
            w.onEnd(new RunEnded("failed: out of memory", 0, 0));
        }

        List<IterationStats> its = new JsonLinesTail(dir.resolve(MetricsWriter.ITERATIONS_FILE)).poll().lines().stream()
                .map(TrainerRecords::iteration).toList();
        assertThat(its).hasSize(2);
        assertThat(its.get(0).loss()).isNaN();
        assertThat(its.get(0)).usingRecursiveComparison().ignoringFields("loss").isEqualTo(sampled);
        assertThat(its.get(1)).isEqualTo(plain);

        EpochStats e = TrainerRecords.epoch(new JsonLinesTail(dir.resolve(MetricsWriter.METRICS_FILE)).poll().lines().get(0));
        // per-class figures are nested in the file; the page reads the headline numbers
        assertThat(e).isEqualTo(new EpochStats(0, 2, 0.8, Map.of("loss", 0.9, "accuracy", 0.6, "weighted_f1", 0.55,
                "macro_f1", 0.5), true, 1.25, 124000));

        Json.write(dir.resolve(RunDir.PROVENANCE_FILE), provenance);
        Files.writeString(dir.resolve(RunDir.CONFIG_FILE), ConfigWriter.toYaml(
                ConfigLoader.defaults(List.of("name=round-trip", "fusion.head=gmu"))));
        TrainerRecords.Meta meta = TrainerRecords.meta(dir, TrainerRecords.config(dir));
        assertThat(meta.start()).isEqualTo(new RunStarted(dir, "round-trip", "gmu", 7, 3, 0, 0, Map.of("x/W", 12L, "x/b", 4L)));
        assertThat(meta.end()).isEqualTo(new RunEnded("failed: out of memory", 0, 0));
        assertThat(meta.endTime()).isGreaterThanOrEqualTo(meta.startTime()).isPositive();
    }

    @Test
    void theTailReadsCompleteLinesOnlyAndStartsOverWhenTheFileIsReplaced() throws Exception {
        Path file = dir.resolve("x.jsonl");
        JsonLinesTail tail = new JsonLinesTail(file);
        assertThat(tail.poll()).isEqualTo(new JsonLinesTail.Batch(false, List.of()));
        Files.writeString(file, "{\"i\":1}\nnot json\n{\"i\":2}\n{\"i\":3,\"lo");
        JsonLinesTail.Batch first = tail.poll();
        assertThat(first.restarted()).isFalse();
        assertThat(first.lines()).extracting(n -> n.path("i").asInt()).containsExactly(1, 2);
        assertThat(tail.skippedLines()).isEqualTo(1);
        assertThat(tail.poll().lines()).isEmpty();
        Files.writeString(file, "ss\":0.5}\n", StandardOpenOption.APPEND);
        assertThat(tail.poll().lines()).extracting(n -> n.path("loss").asDouble()).containsExactly(0.5);

        Path replacement = dir.resolve("x.tmp");
        Files.writeString(replacement, "{\"i\":1}\n{\"i\":2}\n{\"i\":3}\n{\"i\":4}\n{\"i\":5}\n{\"i\":6}\n{\"i\":7}\n");
        Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING);
        JsonLinesTail.Batch again = tail.poll();
        assertThat(again.restarted()).isTrue();
        assertThat(again.lines()).extracting(n -> n.path("i").asInt()).containsExactly(1, 2, 3, 4, 5, 6, 7);

        Files.delete(file);
        assertThat(tail.poll()).isEqualTo(new JsonLinesTail.Batch(true, List.of()));
    }
}
