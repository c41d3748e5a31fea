package io.sentifuse.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.app.Services;
import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.run.RunDir;
import io.sentifuse.sweep.Ledger;
import io.sentifuse.sweep.SweepDir;
import io.sentifuse.train.TrainingReport;
import io.sentifuse.tune.SweepFile;
import io.sentifuse.tune.SweepRequest;
import io.sentifuse.tune.SweepResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark sweep whose executors share no path with the driver but a Hadoop {@code FileSystem} folder: the quick
 * fixture sweep on {@code local[2]} with {@code --storage} on a file system of its own scheme ({@link SchemeFs},
 * so a {@code java.nio} path slipping through would fail) gives the same candidates and scores as the sweep trained
 * in this JVM; executors trained on their staged copies of the data and the feature stores, the storage holds the
 * run folders, the driver's sweep folder has them too; resuming trains nothing.
 */
class SparkStorageTest {

    private static final Path QUICK = Path.of("experiments/sweeps/fusion-quick.yaml");
    static final String SCHEME = "sftest";

    @TempDir
    Path tmp;

    @BeforeEach
    void register() {
        register(tmp.resolve("staging"));
    }

    @AfterEach
    void unregister() {
        unregisterScheme();
    }

    /** Makes {@value #SCHEME}{@code ://} a {@link SchemeFs} for Spark's Hadoop settings; executors stage to {@code staging}. */
    static void register(Path staging) {
        System.setProperty("spark.hadoop.fs." + SCHEME + ".impl", SchemeFs.class.getName());
        System.setProperty("spark.hadoop.fs." + SCHEME + ".impl.disable.cache", "true");
        System.setProperty(StagedInputs.STAGING_DIR, staging.toString());
    }

    /** Undoes {@link #register}. */
    static void unregisterScheme() {
        System.clearProperty("spark.hadoop.fs." + SCHEME + ".impl");
        System.clearProperty("spark.hadoop.fs." + SCHEME + ".impl.disable.cache");
        System.clearProperty(StagedInputs.STAGING_DIR);
    }

    private List<String> sets(String runs) {
        return SparkSweepTest.shortened(tmp.resolve(runs));
    }

    @Test
    void executorsExchangeFilesOnlyThroughTheStorageAndScoreAsALocalSweep() throws Exception {
        SweepResult local = Services.sweeps().run(new SweepRequest(QUICK, sets("local"), null, false, null, quiet()));
        SharedStorage storage = SharedStorage.of(SCHEME + "://" + tmp.resolve("shared").toAbsolutePath());
        SweepResult spark = Services.sweeps(SparkMaster.of("local[2]"), storage).run(new SweepRequest(QUICK,
                sets("spark"), null, false, null, quiet()));

        Path dir = Path.of(spark.sweepDir());
        assertThat(spark.candidates()).isEqualTo(4);
        assertThat(spark.failed()).isZero();
        assertThat(SparkSweepTest.comparable(new Ledger(dir).records()))
                .isEqualTo(SparkSweepTest.comparable(new Ledger(Path.of(local.sweepDir())).records()));
        assertThat(spark.best().score()).isEqualTo(local.best().score());

        Path shared = tmp.resolve("shared");
        List<String> remoteRuns = names(shared.resolve("sweeps").resolve(dir.getFileName()).resolve(SweepDir.RUNS));
        assertThat(remoteRuns).hasSize(4).allMatch(n -> n.contains("-c00"));
        assertThat(names(dir.resolve(SweepDir.RUNS))).as("the driver copied every run folder back")
                .isEqualTo(remoteRuns);
        assertThat(names(shared.resolve("inputs"))).anyMatch(n -> n.startsWith("data-"))
                .anyMatch(n -> n.startsWith("cache-"));
        ExperimentConfig base = SweepFile.read(QUICK, sets("spark")).baseConfig();
        for (String run : remoteRuns) {
            ExperimentConfig trained = ConfigLoader.load(dir.resolve(SweepDir.RUNS).resolve(run)
                    .resolve(StagedInputs.EXECUTOR_CONFIG), List.of());
            assertThat(Path.of(trained.data().path())).as("executors trained on their staged copy of the data")
                    .startsWith(tmp.resolve("staging"));
            assertThat(Path.of(trained.output().cacheDir())).startsWith(tmp.resolve("staging"));
            ExperimentConfig relocated = ConfigLoader.load(dir.resolve(SweepDir.RUNS).resolve(run)
                    .resolve(RunDir.CONFIG_FILE), List.of());
            assertThat(relocated.data().path()).as("the driver's copy names the driver's data")
                    .isEqualTo(base.data().path());
            assertThat(relocated.output().cacheDir()).isEqualTo(base.output().cacheDir());
            assertThat(Path.of(relocated.output().runsDir())).isEqualTo(dir.resolve(SweepDir.RUNS));
            assertThat(dir.resolve(SweepDir.RUNS).resolve(run).resolve(TrainingReport.JSON_FILE)).isRegularFile();
        }

        List<String> before = Files.readAllLines(dir.resolve(SweepDir.LEDGER_FILE));
        SweepResult resumed = Services.sweeps(SparkMaster.of("local[2]"), storage).run(new SweepRequest(null,
                List.of(), dir, false, null, quiet()));
        assertThat(resumed.candidates()).isEqualTo(4);
        assertThat(Files.readAllLines(dir.resolve(SweepDir.LEDGER_FILE))).as("nothing trained again").isEqualTo(before);
    }

    @Test
    void aStorageThatIsNotAnAbsoluteUriIsRefused() {
        assertThatThrownBy(() -> SharedStorage.of("shared/folder")).isInstanceOf(UserInputException.class)
                .hasMessage("--storage 'shared/folder': a URI with a scheme and an absolute path is needed; "
                        + SharedStorage.EXPECTED);
        assertThatThrownBy(() -> SharedStorage.of("hdfs://nn:8020")).isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("--storage 'hdfs://nn:8020': a URI with a scheme and an absolute path");
        assertThat(SharedStorage.of("hdfs://nn:8020/sentifuse/").uri()).isEqualTo("hdfs://nn:8020/sentifuse");
    }

    @Test
    void storageWithoutSparkAndAStorageThatIsNotAUriExitWithTwo() {
        CliRunner.Result alone = CliRunner.run("sweep", QUICK.toString(), "--storage", "hdfs://nn:8020/x");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).contains("--storage hdfs://nn:8020/x is for executors of a Spark sweep; give --spark "
                + "MASTER too");
        CliRunner.Result relative = CliRunner.run("sweep", QUICK.toString(), "--spark", "local[2]", "--storage",
                "shared");
        assertThat(relative.exitCode()).isEqualTo(2);
        assertThat(relative.err()).contains("--storage 'shared': a URI with a scheme and an absolute path is needed");
        CliRunner.Result synthetic = CliRunner.run("sweep", QUICK.toString(), "--spark", "local[1]", "--storage",
                "file://" + tmp.resolve("shared").toAbsolutePath(), "--set", "training.features=synthetic", "--set",
                "output.runs_dir=" + tmp.resolve("runs"));
        assertThat(synthetic.exitCode()).as(synthetic.err()).isEqualTo(2);
        assertThat(synthetic.err()).contains("--storage: sweeps through shared storage train on cached frozen "
                + "features (training.mode: frozen, training.features: cache)", "training.features: synthetic");
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }

    /** The local disk under a scheme of its own: code that reads a storage URI as a local path cannot pass. */
    public static final class SchemeFs extends RawLocalFileSystem {

        @Override
        public URI getUri() {
            return URI.create(SCHEME + ":///");
        }

        @Override
        public String getScheme() {
            return SCHEME;
        }
    }
}
