package io.sentifuse.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.cli.CliRunner;
import io.sentifuse.errors.UserInputException;
import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** Master URLs are checked before anything starts; executor settings derive from the driver's. */
class SparkMasterTest {

    @Test
    void acceptsTheMastersSparkKnows() {
        for (String url : List.of("local", "local[2]", "local[*]", "local[4,3]", "local-cluster[2,1,1024]",
                "spark://127.0.0.1:7077", "spark://a:7077,b:7077", "yarn", "k8s://https://h:6443", "mesos://h:5050")) {
            assertThat(SparkMaster.of(url).url()).isEqualTo(url);
        }
        assertThat(SparkMaster.of("local[2]").inProcess()).isTrue();
        assertThat(SparkMaster.of("spark://127.0.0.1:7077").inProcess()).isFalse();
    }

    @Test
    void refusesAMalformedUrlNamingItAndWhatIsExpected() {
        for (String url : List.of("local[0]", "local[two]", "spark://127.0.0.1", "spark:/h:7077", "127.0.0.1:7077",
                "http://h:8080")) {
            assertThatThrownBy(() -> SparkMaster.of(url)).isInstanceOf(UserInputException.class)
                    .hasMessage("--spark '" + url + "': not a Spark master URL; expected " + SparkMaster.EXPECTED);
        }
    }

    @Test
    void theSweepCommandExitsWithTwoOnABadMaster() {
        CliRunner.Result r = CliRunner.run("sweep", "experiments/sweeps/fusion-quick.yaml", "--spark",
                "spark://nowhere");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--spark 'spark://nowhere': not a Spark master URL");
    }

    @Test
    void executorsGetTheDriversClassPathThreadsPerTaskAndOffHeapLimits() {
        SparkConf conf = ExecutorSettings.conf(SparkMaster.of("spark://127.0.0.1:7077"), "t",
                java.util.Map.of("OPENBLAS_CORETYPE", "Haswell", "OMP_NUM_THREADS", "3"), "target/classes:lib/*");
        assertThat(conf.get("spark.executor.extraClassPath")).startsWith("/")
                .endsWith("/lib/*").contains(java.nio.file.Path.of("target/classes").toAbsolutePath().toString());
        assertThat(conf.get("spark.executorEnv.OMP_NUM_THREADS")).isEqualTo("3");
        assertThat(conf.get("spark.executorEnv.OPENBLAS_CORETYPE")).isEqualTo("Haswell");
        assertThat(conf.get("spark.executor.memoryOverhead")).isEqualTo("2g");
        assertThat(conf.get("spark.executor.extraJavaOptions")).isEqualTo("-Dorg.bytedeco.javacpp.maxbytes=2048M");
        assertThat(conf.get("spark.executorEnv.SENTIFUSE_MAX_MEMORY")).isEqualTo("2764M");
        SparkConf local = ExecutorSettings.conf(SparkMaster.of("local[2]"), "t", java.util.Map.of(), "x");
        assertThat(local.contains("spark.executor.extraClassPath")).isFalse();
        // without OMP_NUM_THREADS the driver's ND4J starts with one thread per processor: so do the executors
        SparkConf plain = ExecutorSettings.conf(SparkMaster.of("spark://127.0.0.1:7077"), "t", java.util.Map.of(), "x");
        assertThat(plain.get("spark.executorEnv.OMP_NUM_THREADS"))
                .isEqualTo(String.valueOf(Runtime.getRuntime().availableProcessors()));
    }
}
