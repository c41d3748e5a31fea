package io.sentifuse.spark;

import static io.sentifuse.spark.SparkReproduceTest.folders;
import static io.sentifuse.spark.SparkReproduceTest.last;
import static io.sentifuse.spark.SparkReproduceTest.withoutSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.cli.CliRunner;
import io.sentifuse.files.AtomicFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --storage hdfs://...} on a real HDFS: a NameNode and a DataNode in this JVM ({@link MiniDFSCluster}), whose
 * rename into an existing folder nests rather than replaces, and whose files are not local paths. A reproduction on
 * {@code local[2]} through it gives the table of the same reproduction in this JVM; the run folders are in HDFS,
 * each whole (sent after every checkpoint and at the end, each send replacing the last); with the driver's and the
 * executors' copies gone, the tasks read the runs back from HDFS and train nothing.
 */
class HdfsStorageTest {

    private static final String REPLICATION = "dfs.replication";

    @TempDir
    Path tmp;

    private MiniDFSCluster hdfs;

    @BeforeEach
    void start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
        conf.set(REPLICATION, "1");
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        System.setProperty(StagedInputs.STAGING_DIR, tmp.resolve("staging").toString());
        // one DataNode: a client asking for HDFS's default three replicas waits on every file it closes
        System.setProperty("spark.hadoop." + REPLICATION, "1");
    }

    @AfterEach
    void stop() {
        System.clearProperty(StagedInputs.STAGING_DIR);
        System.clearProperty("spark.hadoop." + REPLICATION);
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    private CliRunner.Result reproduce(String name, String... extra) {
        return SparkReproduceTest.reproduce(tmp, name, extra);
    }

    @Test
    void aReproductionThroughHdfsGivesTheLocalTableAndReadsItsRunsBack() throws Exception {
        String storage = hdfs.getURI() + "/sentifuse";
        assertThat(storage).startsWith("hdfs://");
        CliRunner.Result local = reproduce("local");
        assertThat(local.exitCode()).as(local.err()).isZero();
        CliRunner.Result spark = reproduce("spark", "--spark", "local[2]", "--storage", storage);
        assertThat(spark.exitCode()).as(spark.err()).isZero();
        assertThat(last(spark.out()).get("trained").asInt()).isEqualTo(2);
        assertThat(withoutSeconds(tmp.resolve("spark-out/table.csv")))
                .isEqualTo(withoutSeconds(tmp.resolve("local-out/table.csv")));

        FileSystem fs = hdfs.getFileSystem();
        List<String> driverRuns = folders(tmp.resolve("spark-runs"));
        FileStatus[] keys = fs.listStatus(new org.apache.hadoop.fs.Path("/sentifuse/reproductions"));
        assertThat(keys).hasSize(1);
        org.apache.hadoop.fs.Path runs = new org.apache.hadoop.fs.Path(keys[0].getPath(), "runs");
        assertThat(Arrays.stream(fs.listStatus(runs)).map(s -> s.getPath().getName()).sorted().toList())
                .as("every run folder in HDFS, each whole (no nested copy from a rename into an existing folder)")
                .isEqualTo(driverRuns);
        for (String run : driverRuns) {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(runs, run);
            assertThat(fs.exists(new org.apache.hadoop.fs.Path(dir, "report.json"))).isTrue();
            assertThat(fs.exists(new org.apache.hadoop.fs.Path(dir, run))).isFalse();
        }
        assertThat(Arrays.stream(fs.listStatus(new org.apache.hadoop.fs.Path("/sentifuse/inputs")))
                .map(s -> s.getPath().getName()).toList()).anyMatch(n -> n.startsWith("data-"))
                .anyMatch(n -> n.startsWith("cache-"));

        for (String run : driverRuns) {
            AtomicFiles.deleteTree(tmp.resolve("spark-runs").resolve(run));
        }
        AtomicFiles.deleteTree(tmp.resolve("staging"));
        CliRunner.Result restored = reproduce("spark", "--spark", "local[2]", "--storage", storage);
        assertThat(restored.exitCode()).as(restored.err()).isZero();
        assertThat(last(restored.out()).get("trained").asInt()).as("read back from HDFS, nothing trained").isZero();
        assertThat(folders(tmp.resolve("spark-runs"))).isEqualTo(driverRuns);
    }
}
