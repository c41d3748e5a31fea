package io.sentifuse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.app.Services;
import io.sentifuse.files.Json;
import io.sentifuse.sweep.CandidateRecord;
import io.sentifuse.sweep.Ledger;
import io.sentifuse.sweep.SweepDir;
import io.sentifuse.tune.SweepRequest;
import io.sentifuse.tune.SweepResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick fixture sweep (experiments/sweeps/fusion-quick.yaml on the demo dataset, shortened) as Spark tasks on
 * {@code local[2]} gives the same candidates with the same scores, to the last digit, as the same sweep trained in
 * this JVM; its sweep folder has the same layout (ledger, leaderboard, Arbiter storage, one run folder per candidate
 * and seed); resuming it trains nothing.
 */
class SparkSweepTest {

    private static final Path QUICK = Path.of("experiments/sweeps/fusion-quick.yaml");

    @TempDir
    Path tmp;

    private List<String> sets(String runs) {
        return shortened(tmp.resolve(runs));
    }

    /** The quick sweep shortened to 4 candidates, one seed, 3 epochs, its runs under {@code runs}. */
    static List<String> shortened(Path runs) {
        return List.of("budget.max_candidates=4", "score.seeds_per_candidate=1", "training.epochs=3",
                "output.runs_dir=" + runs);
    }

    @Test
    void localTwoGivesTheSameCandidatesAndScoresAsALocalSweep() throws Exception {
        SweepResult local = Services.sweeps().run(new SweepRequest(QUICK, sets("local"), null, false, null, quiet()));
        StringWriter progress = new StringWriter();
        SweepResult spark = Services.sweeps(SparkMaster.of("local[2]")).run(new SweepRequest(QUICK, sets("spark"),
                null, false, null, new PrintWriter(progress, true)));

        Path dir = Path.of(spark.sweepDir());
        assertThat(spark.candidates()).isEqualTo(4);
        assertThat(spark.failed()).isZero();
        assertThat(comparable(new Ledger(dir).records()))
                .isEqualTo(comparable(new Ledger(Path.of(local.sweepDir())).records()));
        assertThat(spark.best().overrides()).isEqualTo(local.best().overrides());
        assertThat(spark.best().score()).isEqualTo(local.best().score());
        assertThat(progress.toString()).contains("sweep: 4/4 candidates");
        for (String file : List.of(SweepDir.SWEEP_FILE, SweepDir.LEDGER_FILE, SweepDir.LEADERBOARD_CSV,
                SweepDir.LEADERBOARD_MD, SweepDir.ARBITER_STATS, SweepDir.RESULT_FILE)) {
            assertThat(dir.resolve(file)).as(file).isRegularFile();
        }
        try (Stream<Path> runs = Files.list(dir.resolve(SweepDir.RUNS))) {
            assertThat(runs.count()).as("one run folder per candidate and seed").isEqualTo(4);
        }

        List<String> before = Files.readAllLines(dir.resolve(SweepDir.LEDGER_FILE));
        SweepResult resumed = Services.sweeps(SparkMaster.of("local[2]")).run(new SweepRequest(null, List.of(), dir,
                false, null, quiet()));
        assertThat(resumed.candidates()).isEqualTo(4);
        assertThat(Files.readAllLines(dir.resolve(SweepDir.LEDGER_FILE))).as("nothing trained again").isEqualTo(before);
    }

    /** The records without what differs between two sweep folders: paths and wall time. */
    static List<JsonNode> comparable(List<CandidateRecord> records) {
        List<JsonNode> out = new ArrayList<>();
        for (CandidateRecord r : records) {
            ObjectNode n = Json.mapper().valueToTree(r);
            n.remove("run_dirs");
            n.remove("seconds");
            out.add(n);
        }
        return out;
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}
