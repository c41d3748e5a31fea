package io.sentifuse.system;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * What a bug report needs to know about this machine and build: versions, ND4J backend, the build of ND4J's native
 * library in use, BLAS and the OpenBLAS kernel set in use, threads, CPU features, memory limits. Collecting it
 * loads ND4J.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SystemInfo(
        String sentifuseVersion,
        String dl4jVersion,
        String backend,
        String blasVendor,
        OpenBlas openblas,
        String nd4jBinaryLevel,
        String nd4jOptimalLevel,
        LoadedNd4jBinary nd4jBinary,
        int nd4jThreads,
        String ompNumThreadsEnv,
        String javaVersion,
        String javaVm,
        String os,
        String cpuModel,
        int logicalCores,
        List<String> cpuFeatures,
        Memory memory,
        List<String> warnings) {

    /** CPU flags that decide which kernels ND4J and OpenBLAS can use. */
    private static final List<String> INTERESTING_FLAGS = List.of(
            "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl",
            "avx512_vnni", "avx512_bf16", "amx_tile", "amx_bf16");

    /** OpenBLAS 0.3.19 kernel names that mean "generic SSE code", i.e. half speed on AVX machines. */
    private static final Set<String> GENERIC_CORES = Set.of("prescott", "core2", "penryn", "dunnington", "nehalem",
            "katmai", "coppermine", "northwood", "banias", "atom");

    /**
     * @param core           the kernel set OpenBLAS chose ({@code openblas_get_corename()}), or "unknown"
     * @param config         {@code openblas_get_config()}: version and build options
     * @param coretypeEnv    {@code OPENBLAS_CORETYPE} as the process saw it, or null when unset
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record OpenBlas(String core, String config, String coretypeEnv) {
    }

    /**
     * Bytes; -1 where a limit is not set or not readable.
     *
     * @param javacppMaxPhysicalBytes JavaCPP's per-allocation check on the resident size (0: off)
     * @param residentCeiling         the process's ceiling on resident memory ({@link NativeMemory}), -1 if none
     * @param ceilingBy               what holds it: {@code watchdog} or {@code javacpp}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Memory(long jvmMaxHeap, long javacppMaxBytes, long javacppMaxPhysicalBytes, long physical,
                         long cgroupLimit, long residentCeiling, String ceilingBy) {
    }

    public static SystemInfo collect() {
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        String blas = String.valueOf(Nd4j.factory().blas().getBlasVendor());
        var nativeOps = NativeOpsHolder.getInstance().getDeviceNativeOps();
        OpenBlas openblas = openBlas();
        List<String> features = readCpuFeatures();
        LoadedNd4jBinary binary = LoadedNd4jBinary.read();
        List<String> warnings = new ArrayList<>(binaryWarnings(binary, nativeOps.binaryLevel(),
                nativeOps.optimalLevel()));
        if (features.contains("avx2") && GENERIC_CORES.contains(openblas.core().toLowerCase(Locale.ROOT))) {
            warnings.add("OpenBLAS runs generic '" + openblas.core() + "' kernels on an AVX2/AVX-512 CPU (about half "
                    + "speed); start through ./sentifuse, or set OPENBLAS_CORETYPE=" + (features.contains("avx512f")
                    ? "SkylakeX" : "Haswell") + " before the JVM starts");
        }
        return new SystemInfo(
                Versions.sentifuse(),
                Versions.dl4j(),
                backend.toLowerCase(Locale.ROOT).contains("cuda") || backend.contains("Cublas") ? "CUDA (" + backend + ")"
                        : "CPU (" + backend + ")",
                blas,
                openblas,
                Nd4jBinary.Level.ofNd4j(nativeOps.binaryLevel()).nd4jName(),
                Nd4jBinary.Level.ofNd4j(nativeOps.optimalLevel()).nd4jName(),
                binary,
                Nd4j.getEnvironment().maxThreads(),
                System.getenv("OMP_NUM_THREADS"),
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("java.vm.name"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                readCpuModel(),
                Runtime.getRuntime().availableProcessors(),
                features,
                readMemory(),
                List.copyOf(warnings));
    }

    private static Memory readMemory() {
        NativeMemory.Ceiling c = NativeMemory.configured();
        long ceiling = c != null ? c.bytes() : Pointer.maxPhysicalBytes() > 0 ? Pointer.maxPhysicalBytes() : -1;
        String by = c != null ? c.by().name().toLowerCase(Locale.ROOT) : ceiling > 0 ? "javacpp" : "none";
        return new Memory(Runtime.getRuntime().maxMemory(), Pointer.maxBytes(), Pointer.maxPhysicalBytes(),
                Pointer.totalPhysicalBytes(), cgroupLimit(), ceiling, by);
    }

    /** The short backend line for {@code --version}. */
    public static String backendSummary() {
        return Nd4j.getBackend().getClass().getSimpleName() + ", BLAS " + Nd4j.factory().blas().getBlasVendor()
                + ", ND4J binary " + LoadedNd4jBinary.read().name();
    }

    /** What is wrong with the build ND4J loaded: not the one asked for, or slower than this CPU allows. */
    private static List<String> binaryWarnings(LoadedNd4jBinary binary, int level, int optimal) {
        List<String> out = new ArrayList<>();
        if (binary.differsFromRequest()) {
            out.add("ND4J loaded its " + binary.name() + " build, not the " + binary.requested() + " build asked for ("
                    + binary.chosenBy() + ")");
        }
        Nd4jBinaries.Choice choice = Nd4jBinaries.chosen();
        if (level < optimal && binary.library().contains("libnd4jcpu")
                && (choice == null || choice.source() == Nd4jBinaries.Source.AUTOMATIC)) {
            out.add("ND4J runs its " + binary.level() + " build on a CPU that runs " + Nd4jBinary.Level.ofNd4j(optimal)
                    .nd4jName() + " builds: their jars are not on the class path (README, 'ND4J binary')");
        }
        return out;
    }

    private static final int RTLD_LAZY = 0x1;
    private static final int RTLD_NOLOAD = 0x4;

    /** Asks the OpenBLAS library ND4J loaded which kernels it picked; needs ND4J loaded first. */
    private static OpenBlas openBlas() {
        String env = System.getenv("OPENBLAS_CORETYPE");
        Optional<String> library = loadedLibrary("libopenblas");
        if (library.isEmpty()) {
            return new OpenBlas("not loaded", "", env);
        }
        try {
            // RTLD_NOLOAD: only look up the copy ND4J already loaded. JNA's default RTLD_GLOBAL would publish
            // this library's symbols process-wide, and ND4J's OpenBLAS then allocates from one copy's buffer
            // table and frees into the other's ("BLAS : Bad memory unallocation!", then a SIGSEGV in sgemm).
            NativeLibrary lib = NativeLibrary.getInstance(library.get(),
                    java.util.Map.of(com.sun.jna.Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_NOLOAD));
            String core = call(lib, "openblas_get_corename");
            String config = call(lib, "openblas_get_config");
            return new OpenBlas(core == null ? "unknown" : core.trim(), config == null ? "" : config.trim(), env);
        } catch (UnsatisfiedLinkError e) {
            return new OpenBlas("unknown (" + e.getMessage() + ")", "", env);
        }
    }

    private static String call(NativeLibrary lib, String name) {
        Function f = lib.getFunction(name);
        return f.invokeString(new Object[0], false);
    }

    /** The path of a shared library mapped into this process, from /proc/self/maps. */
    static Optional<String> loadedLibrary(String prefix) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                String path = line.substring(slash).trim();
                String name = path.substring(path.lastIndexOf('/') + 1);
                if (name.startsWith(prefix + ".so")) {
                    return Optional.of(path);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The CPU's model name from /proc/cpuinfo (the architecture where it is not readable). */
    public static String readCpuModel() {
        return CpuInfo.field("model name").orElse(System.getProperty("os.arch"));
    }

    private static List<String> readCpuFeatures() {
        Set<String> flags = CpuInfo.flags();
        return INTERESTING_FLAGS.stream().filter(flags::contains).toList();
    }

    private static long cgroupLimit() {
        for (String file : List.of("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
            try {
                String text = Files.readString(Path.of(file)).trim();
                if (!text.equals("max")) {
                    long v = Long.parseLong(text);
                    return v > (1L << 60) ? -1 : v;
                }
                return -1;
            } catch (IOException | NumberFormatException e) {
                // try the next cgroup layout
            }
        }
        return -1;
    }

    /** A map view for provenance files. */
    public Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backend", backend);
        out.put("blas", blasVendor);
        out.put("openblas_core", openblas.core());
        out.put("openblas_coretype_env", openblas.coretypeEnv());
        out.put("nd4j_binary_level", nd4jBinaryLevel);
        out.put("nd4j_binary", nd4jBinary.summary());
        out.put("nd4j_threads", nd4jThreads);
        out.put("cpu_model", cpuModel);
        out.put("logical_cores", logicalCores);
        out.put("java", javaVersion);
        out.put("os", os);
        return out;
    }
}
