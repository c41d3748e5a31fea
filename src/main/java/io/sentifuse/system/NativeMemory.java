package io.sentifuse.system;

import io.sentifuse.errors.UserInputException;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;

/**
 * The ceiling on the process's resident memory at which JavaCPP asks for a garbage collection. ND4J's arrays live
 * off the Java heap and are freed only when the collector finds their small Java handles; a training step makes
 * such garbage much faster than it fills the heap, so with JavaCPP's default here (all physical memory) a
 * frozen-feature {@code cmac} run grew to 17 GB resident for a working set of about 3 GB, and parallel runs
 * were killed by the kernel. With a ceiling, JavaCPP collects whenever the process passes it.
 *
 * <p>The ceiling comes from {@value #ENV} (e.g. {@code 6G} to run several frozen-feature trainings side by side),
 * else three quarters of the physical memory, which leaves the system its share without starving fine-tuning
 * (a MiniLM fine-tuning epoch at batch 16 runs at 9-12 GB resident: resident memory does not shrink to the
 * working set after a collection, so a ceiling needs headroom). On Linux a {@link MemoryWatchdog} enforces it (one
 * thread collects whenever the resident size passes it) and JavaCPP's own check is switched off: JavaCPP reads the
 * resident size on every native allocation, several per SameDiff op, which cost a third of a MiniLM forward pass
 * at batch 1 x 8 on one thread (medians 51.9 ms with it, 33.4 ms without, five alternated runs). Elsewhere JavaCPP's check holds the ceiling.
 * A JavaCPP property given on the command line ({@code -Dorg.bytedeco.javacpp.maxPhysicalBytes}) wins and keeps
 * JavaCPP's check, which refuses an allocation past the ceiling with an error instead of collecting. It must be
 * set before ND4J loads, which is why {@code main} calls {@link #configure} first.
 */
public final class NativeMemory {

    public static final String ENV = "SENTIFUSE_MAX_MEMORY";
    static final String PROPERTY = "org.bytedeco.javacpp.maxPhysicalBytes";
    static final String PROPERTY_LOWER = "org.bytedeco.javacpp.maxphysicalbytes";

    private NativeMemory() {
    }

    /** How the ceiling is held: by the watchdog, or by JavaCPP on each allocation. */
    public enum Enforcer { WATCHDOG, JAVACPP }

    /**
     * The process's ceiling on resident memory and what holds it.
     *
     * @param bytes the ceiling
     * @param by    what enforces it
     */
    public record Ceiling(long bytes, Enforcer by) {
    }

    private static volatile Ceiling configured;

    /**
     * Sets the ceiling from the environment unless the user set JavaCPP's property, and starts the watchdog where it
     * holds the ceiling; returns the ceiling. Later calls return the first call's ceiling.
     */
    public static synchronized Ceiling configure() {
        if (configured != null) {
            return configured; // once per process: main, or a Spark executor's first task
        }
        // the watchdog holds the ceiling only where it reads the resident size; elsewhere configure picks JavaCPP
        Ceiling c = configure(System.getenv(), physicalBytes(), MemoryWatchdog.residentBytes() >= 0);
        if (c.by() == Enforcer.WATCHDOG) {
            MemoryWatchdog.start(c.bytes());
        }
        configured = c;
        return c;
    }

    /** The ceiling {@link #configure} set in this process, or null where it was not called (tests). */
    public static Ceiling configured() {
        return configured;
    }

    static Ceiling configure(Map<String, String> env, long physical, boolean watchable) {
        String given = System.getProperty(PROPERTY, System.getProperty(PROPERTY_LOWER));
        if (given != null) {
            return new Ceiling(parse(given, "-D" + PROPERTY), Enforcer.JAVACPP);
        }
        String fromEnv = env.get(ENV);
        long bytes = fromEnv != null && !fromEnv.isBlank() ? parse(fromEnv, ENV) : physical / 4 * 3;
        // JavaCPP reads 0 as "no check": the watchdog holds the ceiling instead
        System.setProperty(PROPERTY, watchable ? "0" : Long.toString(bytes));
        return new Ceiling(bytes, watchable ? Enforcer.WATCHDOG : Enforcer.JAVACPP);
    }

    /** {@code 12345}, {@code 512M}, {@code 8G}, {@code 1.5T} (binary units) to bytes. */
    static long parse(String text, String source) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
            unit = 1L << (10 * ("KMGT".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t);
            if (v > 0 && !Double.isInfinite(v)) {
                return (long) (v * unit);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserInputException(source + " is '" + text + "': expected a positive size such as 8G, 512M or "
                + "12345 (bytes)");
    }

    private static long physicalBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory() * 4;
    }

    /** Whether {@code e} is JavaCPP refusing an allocation at the ceiling. */
    public static boolean atCeiling(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError && String.valueOf(t.getMessage()).contains("maxPhysicalBytes")) {
                return true;
            }
        }
        return false;
    }

    /** What to tell the user when {@link #atCeiling} holds. */
    public static String ceilingAdvice() {
        String ceiling = System.getProperty(PROPERTY, System.getProperty(PROPERTY_LOWER, "?"));
        try {
            long bytes = parse(ceiling, PROPERTY);
            ceiling = bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                    : String.format(Locale.ROOT, "%d MiB", bytes >> 20);
        } catch (UserInputException e) {
            // keep the text as given
        }
        return "native memory reached the ceiling of " + ceiling + "; raise it with "
                + ENV + " (e.g. " + ENV + "=16G), or lower training.batch_size / text.max_length; a training run "
                + "continues from its last checkpoint with `sentifuse train --resume RUN_DIR`";
    }
}
