package io.sentifuse.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Fields of {@code /proc/cpuinfo} (first processor). Reading it needs no native code, so the ND4J binary can be
 * chosen from the CPU's flags before ND4J loads.
 */
final class CpuInfo {

    private CpuInfo() {
    }

    /** The CPU's feature flags ({@code avx2}, {@code avx512f}, ...); empty where /proc/cpuinfo is not readable. */
    static Set<String> flags() {
        return Set.copyOf(Arrays.asList(field("flags").orElse("").trim().split("\\s+")));
    }

    /** The value of the first line that starts with {@code name}. */
    static Optional<String> field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith(name)) {
                    int colon = line.indexOf(':');
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
