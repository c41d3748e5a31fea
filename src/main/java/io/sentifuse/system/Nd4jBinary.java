package io.sentifuse.system;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The builds of ND4J's native library that Maven Central serves for {@code linux-x86_64}, each in its own jar
 * ({@code org.nd4j:nd4j-native:1.0.0-M2.1:<classifier>}). JavaCPP loads the one whose classifier suffix is in
 * {@code org.bytedeco.javacpp.platform.extension}, and silently falls back to the generic build when that jar is
 * missing, which is why {@link Nd4jBinaries} checks the class path itself.
 */
public enum Nd4jBinary {
    GENERIC("", Level.GENERIC, false),
    AVX2("-avx2", Level.AVX2, false),
    AVX512("-avx512", Level.AVX512, false),
    ONEDNN("-onednn", Level.GENERIC, true),
    ONEDNN_AVX2("-onednn-avx2", Level.AVX2, true),
    ONEDNN_AVX512("-onednn-avx512", Level.AVX512, true);

    /** The platform these builds exist for. */
    public static final String PLATFORM = "linux-x86_64";

    /**
     * The first of these that the CPU runs and the class path holds is chosen. oneDNN before plain at each level:
     * its convolutions and matrix products were 1.4-2.4x faster here (README, "ND4J binary"); a higher instruction
     * level before a lower one.
     */
    static final List<Nd4jBinary> PREFERENCE = List.of(ONEDNN_AVX512, AVX512, ONEDNN_AVX2, AVX2, ONEDNN, GENERIC);

    /**
     * The instruction levels ND4J builds for, with the CPU flags each needs: the AVX2 builds use AVX2, FMA and F16C;
     * the AVX-512 builds target Skylake-SP (foundation, CD, BW, DQ, VL). A flag missing from /proc/cpuinfo means
     * the build would stop with an illegal instruction.
     */
    public enum Level {
        GENERIC("Generic x86", Set.of()),
        AVX2("AVX/AVX2", Set.of("avx", "avx2", "fma", "f16c")),
        AVX512("AVX512", Set.of("avx", "avx2", "fma", "f16c", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"));

        private final String nd4jName;
        private final Set<String> flags;

        Level(String nd4jName, Set<String> flags) {
            this.nd4jName = nd4jName;
            this.flags = flags;
        }

        /** The name ND4J's start-up log and {@code binaryLevel()} use. */
        public String nd4jName() {
            return nd4jName;
        }

        /** ND4J's {@code binaryLevel()} / {@code optimalLevel()} number (1 generic, 2 AVX2, 3 AVX-512) as a level. */
        public static Level ofNd4j(int level) {
            return switch (level) {
                case 3 -> AVX512;
                case 2 -> AVX2;
                default -> GENERIC;
            };
        }
    }

    private final String suffix;
    private final Level level;
    private final boolean onednn;

    Nd4jBinary(String suffix, Level level, boolean onednn) {
        this.suffix = suffix;
        this.level = level;
        this.onednn = onednn;
    }

    /** What users write: {@code generic}, {@code avx2}, ..., {@code onednn-avx512}. */
    public String id() {
        return this == GENERIC ? "generic" : suffix.substring(1);
    }

    /** The value for {@code org.bytedeco.javacpp.platform.extension} ("" for the generic build). */
    public String extension() {
        return suffix;
    }

    public Level level() {
        return level;
    }

    public boolean onednn() {
        return onednn;
    }

    /** The Maven classifier of the jar holding this build. */
    public String classifier() {
        return PLATFORM + suffix;
    }

    /** The class-path resource of the native library in that jar. */
    String libraryResource() {
        return "org/nd4j/linalg/cpu/nativecpu/bindings/" + classifier() + "/libnd4jcpu.so";
    }

    /** The CPU flags this build needs that {@code cpuFlags} lacks, sorted; empty when it runs. */
    List<String> missingFlags(Set<String> cpuFlags) {
        return level.flags.stream().filter(f -> !cpuFlags.contains(f)).sorted().toList();
    }

    /** The build with this id (case-insensitive), or null. */
    static Nd4jBinary ofId(String id) {
        String t = id.trim().toLowerCase(Locale.ROOT);
        for (Nd4jBinary b : values()) {
            if (b.id().equals(t)) {
                return b;
            }
        }
        return null;
    }

    /** The build with this JavaCPP extension, or null. */
    static Nd4jBinary ofExtension(String extension) {
        for (Nd4jBinary b : values()) {
            if (b.suffix.equals(extension.trim())) {
                return b;
            }
        }
        return null;
    }

    /** The build ND4J reports after loading: its instruction level and whether it was built with oneDNN. */
    static Nd4jBinary of(Level level, boolean onednn) {
        for (Nd4jBinary b : values()) {
            if (b.level == level && b.onednn == onednn) {
                return b;
            }
        }
        throw new IllegalArgumentException("no ND4J build with level " + level + " and oneDNN " + onednn);
    }

    /** The ids of these builds, comma-separated. */
    static String ids(List<Nd4jBinary> binaries) {
        return binaries.stream().map(Nd4jBinary::id).collect(Collectors.joining(", "));
    }
}
