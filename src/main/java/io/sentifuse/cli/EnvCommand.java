package io.sentifuse.cli;

import io.sentifuse.system.LoadedNd4jBinary;
import io.sentifuse.system.SystemInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sentifuse env}: the environment report for bug reports. */
@Command(name = "env", description = "Backend, ND4J binary, BLAS and OpenBLAS core type, threads, CPU features, "
        + "memory limits.")
final class EnvCommand implements Callable<Integer> {

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        SystemInfo info = SystemInfo.collect();
        output.print(info, text(info));
        return 0;
    }

    static String text(SystemInfo i) {
        StringBuilder s = new StringBuilder();
        line(s, "sentifuse", i.sentifuseVersion());
        line(s, "DL4J / ND4J", i.dl4jVersion());
        line(s, "backend", i.backend());
        line(s, "BLAS", i.blasVendor());
        line(s, "OpenBLAS core", i.openblas().core() + (i.openblas().coretypeEnv() == null ? " (auto-detected)"
                : " (OPENBLAS_CORETYPE=" + i.openblas().coretypeEnv() + ")"));
        line(s, "OpenBLAS config", i.openblas().config());
        LoadedNd4jBinary b = i.nd4jBinary();
        line(s, "ND4J binary", b.name() + " (level " + b.level() + (b.onednn() ? ", oneDNN" : "")
                + "; best level for this CPU: " + i.nd4jOptimalLevel() + "; " + b.chosenBy() + ")");
        line(s, "ND4J library", b.library());
        line(s, "threads", i.nd4jThreads() + " (OMP_NUM_THREADS=" + i.ompNumThreadsEnv() + ", cores " + i.logicalCores() + ")");
        line(s, "CPU", i.cpuModel());
        line(s, "CPU features", String.join(" ", i.cpuFeatures()));
        line(s, "Java", i.javaVersion() + ", " + i.javaVm());
        line(s, "OS", i.os());
        SystemInfo.Memory m = i.memory();
        line(s, "memory", "heap max " + gib(m.jvmMaxHeap()) + ", off-heap max " + gib(m.javacppMaxBytes())
                + ", process max " + gib(m.residentCeiling()) + " (held by " + m.ceilingBy() + ")"
                + ", physical " + gib(m.physical())
                + ", cgroup limit " + gib(m.cgroupLimit()));
        i.warnings().forEach(w -> line(s, "WARNING", w));
        return s.toString().stripTrailing();
    }

    private static void line(StringBuilder s, String key, String value) {
        s.append(String.format("%-16s %s%n", key, value));
    }

    private static String gib(long bytes) {
        return bytes <= 0 ? "none" : String.format("%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
