package io.sentifuse.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory figures of this process from {@code /proc/self/status} (Linux). */
public final class ProcStatus {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcStatus() {
    }

    /**
     * {@code field} (e.g. {@code VmRSS}, {@code VmHWM}; given there in kB) in bytes, or -1 where there is none (not
     * Linux).
     */
    public static long bytes(String field) {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith(field + ":")) {
                    String kb = line.substring(field.length() + 1).trim();
                    return Long.parseLong(kb.substring(0, kb.indexOf(' '))) << 10;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
