package io.sentifuse.spark;

import io.sentifuse.system.NativeMemory;
import io.sentifuse.system.Nd4jBinaries;
import io.sentifuse.train.ComputeThreads;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;

/**
 * The Spark configuration a sweep starts with: the master, and for executors in their own JVMs what they need to
 * train like the driver. Everything here is a default: a setting given to {@code spark-submit}, in
 * {@code spark-defaults.conf} or as a {@code -Dspark.*} system property wins.
 * <ul>
 *   <li>class path: the driver's own ({@code spark.executor.extraClassPath}, absolute), when neither
 *       {@code spark.jars} nor an executor class path is given: right on one machine and on clusters where the
 *       project is installed at the same path on every worker;</li>
 *   <li>ND4J threads: executors start with the driver's thread count ({@code OMP_NUM_THREADS} in their
 *       environment: the driver's own, else its processor count), because ND4J's numbers depend on the count it
 *       starts with even where a task then uses fewer (an executor started with 1 trained the same candidate to
 *       0.72625 where the driver got 0.72875); tasks then compute on {@code spark.task.cpus} threads
 *       ({@link #inTask}), so an executor running (cores / task.cpus) tasks at once uses its cores and no more
 *       (frozen-feature training pins one thread itself, as it does outside Spark);</li>
 *   <li>ND4J's off-heap arrays live outside the JVM heap: {@code spark.executor.memoryOverhead} (default here 2g)
 *       is the room for them, and the limits follow it (JavaCPP's {@code org.bytedeco.javacpp.maxbytes} = overhead;
 *       the process cap {@code SENTIFUSE_MAX_MEMORY} = 90% of executor memory + overhead, held by the executor's memory
 *       watchdog, which collects garbage above it), so an executor collects before the cluster manager's limit,
 *       and one whose JavaCPP allocations outgrow the overhead fails with JavaCPP's message instead of being killed;</li>
 *   <li>the ND4J binary choice and OpenBLAS settings of the driver's environment.</li>
 * </ul>
 * Executors in this JVM ({@code local[N]}) share the driver's ND4J, threads and environment.
 */
final class ExecutorSettings {

    /** Default room for ND4J's off-heap arrays per executor. */
    static final String DEFAULT_OVERHEAD = "2g";
    /** Environment variables executors inherit from the driver when set there. */
    static final List<String> INHERITED_ENV = List.of("SENTIFUSE_ND4J_BINARY", "OPENBLAS_CORETYPE", "OMP_WAIT_POLICY");

    /** Tasks of this JVM inside {@link #inTask}, and the pin they share. */
    private static int running;
    private static ComputeThreads pinned;

    private ExecutorSettings() {
    }

    static SparkConf conf(SparkMaster master, String appName) {
        return conf(master, appName, System.getenv(), System.getProperty("java.class.path"));
    }

    static SparkConf conf(SparkMaster master, String appName, Map<String, String> env, String classPath) {
        SparkConf conf = new SparkConf(true);
        conf.setMaster(master.url());
        conf.setIfMissing("spark.app.name", appName);
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        if (master.inProcess()) {
            return conf;
        }
        if (conf.get("spark.jars", "").isBlank() && conf.get("spark.executor.extraClassPath", "").isBlank()) {
            conf.set("spark.executor.extraClassPath", absolute(classPath));
        }
        for (String name : INHERITED_ENV) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                conf.setIfMissing("spark.executorEnv." + name, value);
            }
        }
        String driverThreads = env.get("OMP_NUM_THREADS");
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", driverThreads != null && !driverThreads.isBlank()
                ? driverThreads.strip() : String.valueOf(Runtime.getRuntime().availableProcessors()));
        conf.setIfMissing("spark.executor.memoryOverhead", DEFAULT_OVERHEAD);
        String options = conf.get("spark.executor.extraJavaOptions", "");
        long overheadMb = conf.getSizeAsMb("spark.executor.memoryOverhead");
        long memoryMb = conf.getSizeAsMb("spark.executor.memory", "1g");
        if (!options.contains("org.bytedeco.javacpp.maxbytes")) {
            conf.set("spark.executor.extraJavaOptions", (options + " -Dorg.bytedeco.javacpp.maxbytes=" + overheadMb
                    + "M").trim());
        }
        if (!options.toLowerCase(java.util.Locale.ROOT).contains("org.bytedeco.javacpp.maxphysicalbytes")) {
            // the process cap, held by the executor's memory watchdog (NativeMemory, in its first task); below the
            // container's limit, because the watchdog acts once the cap is passed
            conf.setIfMissing("spark.executorEnv." + NativeMemory.ENV, capMb(memoryMb + overheadMb) + "M");
        }
        return conf;
    }

    /**
     * Runs one task's work where an executor runs it: ND4J loaded with the binary the driver would choose, and
     * computing on the task's {@code spark.task.cpus} threads (no change outside a Spark task). ND4J's thread
     * settings belong to the whole JVM, which runs several tasks at once: the first task to enter pins them and the
     * last to leave restores them, so no task's exit changes the threads of one still running.
     */
    static <T> T inTask(Supplier<T> work) {
        NativeMemory.configure();
        Nd4jBinaries.configure();
        TaskContext ctx = TaskContext.get();
        if (ctx == null) {
            return work.get();
        }
        enter(ctx.cpus());
        try {
            return work.get();
        } finally {
            leave();
        }
    }

    private static synchronized void enter(int cpus) {
        if (running++ == 0) {
            pinned = ComputeThreads.use(cpus);
        }
    }

    private static synchronized void leave() {
        if (--running == 0) {
            pinned.close();
            pinned = null;
        }
    }

    /** The executor's process cap: 90% of its container (executor memory + overhead), in MiB. */
    static long capMb(long containerMb) {
        return containerMb * 9 / 10;
    }

    /** {@code classPath} with every entry absolute (a relative entry would resolve in the executor's work folder). */
    static String absolute(String classPath) {
        List<String> out = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                out.add(entry.endsWith("*") ? Path.of(entry.substring(0, entry.length() - 1)).toAbsolutePath()
                        + File.separator + "*" : Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }
}
