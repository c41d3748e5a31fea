package io.sentifuse.system;

import io.sentifuse.errors.UserInputException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses which build of ND4J's native library ({@link Nd4jBinary}) JavaCPP loads: the first of
 * {@link Nd4jBinary#PREFERENCE} whose jar is on the class path and whose instructions this CPU has (from
 * /proc/cpuinfo), unless {@value #PROPERTY} (a system property) or {@value #ENV} names one. JavaCPP reads its
 * choice once, when ND4J first loads, so {@code main} calls {@link #configure} before anything touches ND4J, and
 * the tests' launcher session does the same. Nothing here loads native code; {@link LoadedNd4jBinary} reads back
 * what was actually loaded.
 *
 * <p>A named build must exist, run on this CPU and be on the class path: JavaCPP would otherwise fall back to the
 * generic build without a word, or the process would die of an illegal instruction. A user who sets JavaCPP's own
 * {@value #JAVACPP_EXTENSION} is left alone.
 */
public final class Nd4jBinaries {

    public static final String ENV = "SENTIFUSE_ND4J_BINARY";
    public static final String PROPERTY = "sentifuse.nd4j.binary";
    static final String JAVACPP_EXTENSION = "org.bytedeco.javacpp.platform.extension";
    static final String AUTO = "auto";

    private static final Logger LOG = LoggerFactory.getLogger(Nd4jBinaries.class);

    /** Who decided. */
    public enum Source { AUTOMATIC, PROPERTY, ENVIRONMENT, JAVACPP_PROPERTY, NOT_APPLICABLE }

    /**
     * The decision.
     *
     * @param binary the build to load; null where ND4J decides alone (another platform, no CPU backend, or the
     *               user's JavaCPP property naming something else)
     * @param source who decided
     * @param reason a sentence for {@code sentifuse env} and provenance
     */
    public record Choice(Nd4jBinary binary, Source source, String reason) {
    }

    private static Choice chosen;

    private Nd4jBinaries() {
    }

    /**
     * Decides once per process and sets JavaCPP's {@value #JAVACPP_EXTENSION} accordingly; later calls return the
     * first decision (ND4J has loaded by then). Throws {@link UserInputException} for a bad or unusable request.
     */
    public static synchronized Choice configure() {
        if (chosen == null) {
            Choice c = choose(System.getenv(), System.getProperties(), CpuInfo.flags(), platform(),
                    Nd4jBinaries::onClassPath);
            if (c.binary() != null && c.source() != Source.JAVACPP_PROPERTY) {
                System.setProperty(JAVACPP_EXTENSION, c.binary().extension());
            }
            LOG.debug("ND4J binary {}: {}", c.binary() == null ? "left to ND4J" : c.binary().id(), c.reason());
            chosen = c;
        }
        return chosen;
    }

    /** The decision of {@link #configure}, or null when it has not run in this process. */
    public static synchronized Choice chosen() {
        return chosen;
    }

    static Choice choose(Map<String, String> env, Properties properties, Set<String> cpuFlags, String platform,
                         Predicate<Nd4jBinary> onClassPath) {
        String property = properties.getProperty(PROPERTY);
        String fromEnv = env.get(ENV);
        String source = null;
        String value = null;
        if (property != null && !property.isBlank()) {
            source = "-D" + PROPERTY;
            value = property;
        } else if (fromEnv != null && !fromEnv.isBlank()) {
            source = ENV;
            value = fromEnv;
        }
        if (value != null && !value.trim().equalsIgnoreCase(AUTO)) {
            Nd4jBinary b = requested(source, value, cpuFlags, platform, onClassPath);
            return new Choice(b, source.startsWith("-D") ? Source.PROPERTY : Source.ENVIRONMENT,
                    source + "=" + value.trim());
        }
        String javacpp = properties.getProperty(JAVACPP_EXTENSION);
        if (value == null && javacpp != null) {
            return new Choice(Nd4jBinary.ofExtension(javacpp), Source.JAVACPP_PROPERTY,
                    "-D" + JAVACPP_EXTENSION + "=" + javacpp + ", set by the user");
        }
        if (!platform.equals(Nd4jBinary.PLATFORM)) {
            return new Choice(null, Source.NOT_APPLICABLE, "ND4J's own choice (builds by CPU level exist for "
                    + Nd4jBinary.PLATFORM + " only; this is " + platform + ")");
        }
        if (!onClassPath.test(Nd4jBinary.GENERIC)) {
            return new Choice(null, Source.NOT_APPLICABLE, "ND4J's own choice (the ND4J CPU backend's natives are "
                    + "not on the class path)");
        }
        List<Nd4jBinary> present = Nd4jBinary.PREFERENCE.stream().filter(onClassPath).toList();
        Nd4jBinary best = present.stream().filter(b -> b.missingFlags(cpuFlags).isEmpty()).findFirst()
                .orElse(Nd4jBinary.GENERIC);
        return new Choice(best, Source.AUTOMATIC, "automatic: the best build on the class path ("
                + Nd4jBinary.ids(present) + ") that this CPU runs");
    }

    /** The build {@code value} names, after checking that it exists, runs here and is on the class path. */
    private static Nd4jBinary requested(String source, String value, Set<String> cpuFlags, String platform,
                                        Predicate<Nd4jBinary> onClassPath) {
        String prefix = source + " is '" + value.trim() + "': ";
        Nd4jBinary b = Nd4jBinary.ofId(value);
        if (b == null) {
            throw new UserInputException(prefix + "expected one of " + AUTO + ", "
                    + Nd4jBinary.ids(List.of(Nd4jBinary.values())));
        }
        if (!platform.equals(Nd4jBinary.PLATFORM)) {
            throw new UserInputException(prefix + "ND4J's builds by CPU level exist for " + Nd4jBinary.PLATFORM
                    + " only; this is " + platform + " (unset " + ENV + ")");
        }
        List<Nd4jBinary> present = Nd4jBinary.PREFERENCE.stream().filter(onClassPath).toList();
        List<String> missing = b.missingFlags(cpuFlags);
        if (!missing.isEmpty()) {
            throw new UserInputException(prefix + "this CPU lacks " + String.join(", ", missing) + " (the build "
                    + "would stop with an illegal instruction); builds on the class path that it runs: "
                    + Nd4jBinary.ids(present.stream().filter(p -> p.missingFlags(cpuFlags).isEmpty()).toList()));
        }
        if (!onClassPath.test(b)) {
            throw new UserInputException(prefix + "its jar (org.nd4j:nd4j-native:" + Versions.dl4j()
                    + ":" + b.classifier() + ") is not on the class path; builds on the class path: "
                    + (present.isEmpty() ? "none" : Nd4jBinary.ids(present))
                    + " (build with `mvn -Pnd4j-all-binaries package` for all six)");
        }
        return b;
    }

    /** Whether the jar of {@code b} is on the class path (JavaCPP extracts the library from there). */
    static boolean onClassPath(Nd4jBinary b) {
        ClassLoader loader = Nd4jBinaries.class.getClassLoader();
        return loader != null && loader.getResource(b.libraryResource()) != null;
    }

    /** JavaCPP's name for this platform: its property when set, else from the JVM's os.name and os.arch. */
    static String platform() {
        String given = System.getProperty("org.bytedeco.javacpp.platform");
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macosx"
                : os.startsWith("windows") ? "windows" : os.replace(' ', '_');
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
        return o + "-" + a;
    }
}
