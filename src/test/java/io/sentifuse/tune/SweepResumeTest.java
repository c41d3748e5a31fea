package io.sentifuse.tune;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.app.Services;
import io.sentifuse.files.Json;
import io.sentifuse.sweep.CandidateRecord;
import io.sentifuse.sweep.Ledger;
import io.sentifuse.sweep.SweepDir;
import io.sentifuse.train.TrainingReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed with SIGKILL in a child JVM after its second candidate is in the ledger, then resumed in this
 * JVM: no finished candidate trains again (their run folders are untouched, no seed gets a second run folder) and
 * the ledger and leaderboard equal those of a sweep that was never killed.
 */
class SweepResumeTest {

    @TempDir
    Path tmp;

    private Path sweepFile() throws Exception {
        Path f = tmp.resolve("resume.yaml");
        Files.writeString(f, """
                name: resume
                base: %s
                seed: 3
                set:
                  training.epochs: 3
                  training.synthetic.examples: 600
                  training.synthetic.task: complementary
                space:
                  fusion.head: {choice: [naive-cat, naive-combine, late-average, gmu]}
                  training.lr: {log_uniform: [1.0e-3, 1.0e-2]}
                budget: {max_candidates: 5}
                score: {seeds_per_candidate: 2}
                """.formatted(Path.of("experiments/smoke/synthetic.yaml").toAbsolutePath()));
        return f;
    }

    @Test
    void aKilledSweepResumesWithoutRetrainingAndEndsWithTheUninterruptedLeaderboard() throws Exception {
        Path file = sweepFile();
        Path killedRuns = tmp.resolve("killed");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "io.sentifuse.cli.Main", "sweep", file.toString(),
                "--set", "output.runs_dir=" + killedRuns);
        Path log = tmp.resolve("child.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path sweepDir = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        try {
            while (System.nanoTime() < deadline && child.isAlive()) {
                sweepDir = only(killedRuns.resolve("sweeps"));
                if (sweepDir != null && new Ledger(sweepDir).read().size() >= 2) {
                    break;
                }
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(sweepDir).as("child output:%n%s", Files.readString(log)).isNotNull();
        Map<Integer, CandidateRecord> atKill = new Ledger(sweepDir).read();
        assertThat(atKill.size()).as("killed mid-sweep").isBetween(2, 4);
        Map<Path, FileTime> finishedRuns = new HashMap<>();
        for (CandidateRecord r : atKill.values()) {
            for (String run : r.runDirs()) {
                finishedRuns.put(Path.of(run), Files.getLastModifiedTime(Path.of(run, TrainingReport.JSON_FILE)));
            }
        }

        SweepResult resumed = Services.sweeps().run(new SweepRequest(null, List.of(), sweepDir, false, null, quiet()));
        SweepResult straight = Services.sweeps().run(new SweepRequest(file, List.of("output.runs_dir="
                + tmp.resolve("straight")), null, false, null, quiet()));

        assertThat(resumed.candidates()).isEqualTo(5);
        finishedRuns.forEach((run, time) -> {
            try {
                assertThat(Files.getLastModifiedTime(run.resolve(TrainingReport.JSON_FILE))).as(run.toString())
                        .isEqualTo(time);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        try (Stream<Path> runs = Files.list(sweepDir.resolve(SweepDir.RUNS))) {
            assertThat(runs.count()).as("one run folder per candidate and seed").isEqualTo(5 * 2);
        }
        assertThat(comparable(new Ledger(sweepDir).records()))
                .isEqualTo(comparable(new Ledger(Path.of(straight.sweepDir())).records()));
        assertThat(resumed.best().overrides()).isEqualTo(straight.best().overrides());
        assertThat(resumed.best().score()).isEqualTo(straight.best().score());
        assertThat(withoutPaths(Path.of(resumed.sweepDir()))).isEqualTo(withoutPaths(Path.of(straight.sweepDir())));
    }

    /** The records without what differs between two sweep folders: paths and wall time. */
    private static List<JsonNode> comparable(List<CandidateRecord> records) {
        List<JsonNode> out = new ArrayList<>();
        for (CandidateRecord r : records) {
            ObjectNode n = Json.mapper().valueToTree(r);
            n.remove("run_dirs");
            n.remove("seconds");
            out.add(n);
        }
        return out;
    }

    /** leaderboard.csv without the seconds and run-folder columns. */
    private static List<String> withoutPaths(Path sweepDir) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(sweepDir.resolve(SweepDir.LEADERBOARD_CSV))) {
            String[] cols = line.split(",");
            out.add(String.join(",", List.of(cols).subList(0, 10)) + "," + cols[11]);
        }
        return out;
    }

    private static Path only(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findFirst().orElse(null);
        }
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}
