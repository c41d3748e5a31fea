package io.sentifuse.spark;

import static io.sentifuse.spark.SparkReproduceTest.CACHE;
import static io.sentifuse.spark.SparkReproduceTest.DATA;
import static io.sentifuse.spark.SparkReproduceTest.folders;
import static io.sentifuse.spark.SparkReproduceTest.last;
import static io.sentifuse.spark.SparkReproduceTest.withoutSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.run.RunDir;
import io.sentifuse.train.TrainingReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reproduce paper --spark local[2] --storage URI}: executors that share no path with the driver train on their
 * staged copies of the data and the feature stores (on a file system of its own scheme, so a storage URI read as a
 * local path fails) and give the table of the same reproduction run in this JVM; the driver's copies of the run
 * folders are relocated to its own inputs, so it reuses them itself (a second call, and a reproduction without
 * Spark, train nothing), and a task whose executor lost its local copies reads them back from the storage.
 */
class SparkReproduceStorageTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void register() {
        SparkStorageTest.register(tmp.resolve("staging"));
    }

    @AfterEach
    void unregister() {
        SparkStorageTest.unregisterScheme();
    }

    private CliRunner.Result reproduce(String name, String... extra) {
        return SparkReproduceTest.reproduce(tmp, name, extra);
    }

    private String storage() {
        return SparkStorageTest.SCHEME + "://" + tmp.resolve("shared").toAbsolutePath();
    }

    @Test
    void executorsExchangeRunsThroughTheStorageAndTheDriverReusesThem() throws Exception {
        CliRunner.Result local = reproduce("local");
        assertThat(local.exitCode()).as(local.err()).isZero();
        CliRunner.Result spark = reproduce("spark", "--spark", "local[2]", "--storage", storage());
        assertThat(spark.exitCode()).as(spark.err()).isZero();
        assertThat(last(spark.out()).get("trained").asInt()).isEqualTo(2);
        assertThat(withoutSeconds(tmp.resolve("spark-out/table.csv")))
                .isEqualTo(withoutSeconds(tmp.resolve("local-out/table.csv")));

        Path runs = tmp.resolve("spark-runs");
        List<String> driverRuns = folders(runs);
        Path reproductions = tmp.resolve("shared/reproductions");
        List<String> keys = folders(reproductions);
        assertThat(keys).hasSize(1).allMatch(k -> k.startsWith("spark-runs-"));
        assertThat(folders(reproductions.resolve(keys.get(0)).resolve("runs"))).as("every run folder in the storage")
                .hasSize(2).isEqualTo(driverRuns);
        for (String run : driverRuns) {
            Path dir = runs.resolve(run);
            assertThat(dir.resolve(TrainingReport.JSON_FILE)).isRegularFile();
            ExperimentConfig trained = ConfigLoader.load(dir.resolve(StagedInputs.EXECUTOR_CONFIG), List.of());
            assertThat(Path.of(trained.data().path())).as("the executor trained on its staged copy of the data")
                    .startsWith(tmp.resolve("staging"));
            assertThat(Path.of(trained.output().cacheDir())).startsWith(tmp.resolve("staging"));
            ExperimentConfig relocated = ConfigLoader.load(dir.resolve(RunDir.CONFIG_FILE), List.of());
            assertThat(relocated.data().path()).as("the driver's copy names the driver's data").isEqualTo(DATA);
            assertThat(relocated.output().cacheDir()).isEqualTo(CACHE);
            assertThat(Path.of(relocated.output().runsDir())).isEqualTo(runs);
        }

        // the storage out of reach: the driver reuses its relocated copies, starting no task and publishing nothing
        Files.move(tmp.resolve("shared"), tmp.resolve("shared-away"));
        CliRunner.Result again = reproduce("spark", "--spark", "local[2]", "--storage", storage());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(last(again.out()).get("trained").asInt()).as("the driver reuses the fetched runs").isZero();
        assertThat(tmp.resolve("shared")).doesNotExist();
        Files.move(tmp.resolve("shared-away"), tmp.resolve("shared"));
        CliRunner.Result here = reproduce("spark");
        assertThat(here.exitCode()).as(here.err()).isZero();
        assertThat(last(here.out()).get("trained").asInt()).as("so does a reproduction without Spark").isZero();

        // the driver's copies and the executors' local copies gone: tasks read the runs back from the storage
        for (String run : driverRuns) {
            AtomicFiles.deleteTree(runs.resolve(run));
        }
        AtomicFiles.deleteTree(tmp.resolve("staging"));
        CliRunner.Result restored = reproduce("spark", "--spark", "local[2]", "--storage", storage());
        assertThat(restored.exitCode()).as(restored.err()).isZero();
        assertThat(last(restored.out()).get("trained").asInt()).as("nothing trained again").isZero();
        assertThat(folders(runs)).isEqualTo(driverRuns);
        assertThat(withoutSeconds(tmp.resolve("spark-out/table.csv")))
                .isEqualTo(withoutSeconds(tmp.resolve("local-out/table.csv")));
    }

    @Test
    void storageWithoutSparkOrWithFineTuningExitsWithTwo() {
        CliRunner.Result alone = reproduce("alone", "--storage", storage());
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).contains("--storage " + storage() + " is for executors of a Spark reproduction; give "
                + "--spark MASTER too");
        CliRunner.Result tuned = reproduce("tuned", "--spark", "local[1]", "--storage", storage(), "--finetune");
        assertThat(tuned.exitCode()).isEqualTo(2);
        assertThat(tuned.err()).contains("--storage: the fine-tuned rows (--finetune) read the images and the "
                + "encoder, not cached features");
        CliRunner.Result synthetic = reproduce("synthetic", "--spark", "local[1]", "--storage", storage(), "--set",
                "training.features=synthetic");
        assertThat(synthetic.exitCode()).as(synthetic.err()).isEqualTo(2);
        assertThat(synthetic.err()).contains("--storage: reproductions through shared storage train on cached frozen "
                + "features (training.mode: frozen, training.features: cache); experiments/paper/naive-combine.yaml "
                + "has training.mode: frozen, training.features: synthetic");
    }
}
