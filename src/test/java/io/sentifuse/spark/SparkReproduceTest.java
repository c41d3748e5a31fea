package io.sentifuse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reproduce paper --spark local[2]} on the demo dataset gives the table of the same reproduction run in this
 * JVM (every figure but the seconds column), and a second call reuses every run.
 */
class SparkReproduceTest {

    @TempDir
    Path tmp;

    /** The demo data and the tests' feature cache, as the reproductions of these tests read them. */
    static final String DATA = "datasets/fixture/demo";
    static final String CACHE = "target/test-cache";

    private CliRunner.Result reproduce(String name, String... extra) {
        return reproduce(tmp, name, extra);
    }

    /**
     * {@code reproduce paper} of naive-combine, 2 seeds, paper protocol, 3 epochs on the demo data; its table in
     * {@code <tmp>/<name>-out}, its runs in {@code <tmp>/<name>-runs}.
     */
    static CliRunner.Result reproduce(Path tmp, String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("reproduce", "paper", "--seeds", "2", "--heads",
                "naive-combine", "--protocol", "paper", "--set", "data.path=" + DATA, "--set",
                "training.epochs=3", "--set", "output.cache_dir=" + CACHE, "--out",
                tmp.resolve(name + "-out").toString(), "--resume", tmp.resolve(name + "-runs").toString(), "--json"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void localTwoGivesTheTableOfALocalReproduction() throws Exception {
        CliRunner.Result local = reproduce("local");
        assertThat(local.exitCode()).as(local.err()).isZero();
        CliRunner.Result spark = reproduce("spark", "--spark", "local[2]");
        assertThat(spark.exitCode()).as(spark.err()).isZero();
        assertThat(last(spark.out()).get("trained").asInt()).isEqualTo(2);
        assertThat(withoutSeconds(tmp.resolve("spark-out/table.csv")))
                .isEqualTo(withoutSeconds(tmp.resolve("local-out/table.csv")));

        CliRunner.Result again = reproduce("spark", "--spark", "local[2]");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(last(again.out()).get("trained").asInt()).as("every run reused").isZero();
    }

    static List<String> withoutSeconds(Path csv) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            out.add(line.substring(0, line.lastIndexOf(',')));
        }
        return out;
    }

    /** The last line of {@code out}, a JSON object. */
    static JsonNode last(String out) throws Exception {
        String[] lines = out.strip().split("\n");
        return Json.mapper().readTree(lines[lines.length - 1]);
    }

    /** The sub-folders of {@code folder} not starting with a dot, sorted by name. */
    static List<String> folders(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                    .sorted().toList();
        }
    }
}
