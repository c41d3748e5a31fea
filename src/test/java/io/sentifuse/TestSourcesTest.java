package io.sentifuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What counts as a test. Surefire runs only classes named like tests ({@link #SUREFIRE_INCLUDES}, its default), so
 * a test class named otherwise would pass silently by never running; and generators and benchmarks are programs
 * with a {@code main}, not tests, so no test run counts them, skips them or lets them rewrite committed files.
 */
class TestSourcesTest {

    /** Surefire's default includes: Test*, *Test, *Tests, *TestCase. */
    static final Pattern SUREFIRE_INCLUDES = Pattern.compile("Test.*|.*Test|.*Tests|.*TestCase");
    /** JUnit Jupiter's annotations that make a method a test (not @TestInstance and the like). */
    static final Pattern TEST_ANNOTATION = Pattern.compile(
            "^\\s*@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b", Pattern.MULTILINE);

    private static final Map<String, String> SOURCES = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        Path root = Path.of("src/test/java");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                SOURCES.put(root.relativize(p).toString().replace(".java", "").replace('/', '.'), Files.readString(p));
            }
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    @Test
    void everyClassWithTestsIsOneSurefireRuns() {
        List<String> neverRun = new ArrayList<>();
        SOURCES.forEach((cls, src) -> {
            if (TEST_ANNOTATION.matcher(src).find() && !SUREFIRE_INCLUDES.matcher(simpleName(cls)).matches()) {
                neverRun.add(cls);
            }
        });
        assertThat(SOURCES).hasSizeGreaterThan(100);
        assertThat(neverRun).as("classes with tests that mvn verify never runs (name them *Test)").isEmpty();
    }

    @Test
    void generatorsAndBenchmarksAreProgramsNotTests() {
        List<String> programs = SOURCES.keySet().stream()
                .filter(c -> simpleName(c).endsWith("Generator") || simpleName(c).endsWith("Benchmark")).toList();
        assertThat(programs).contains("io.sentifuse.text.GoldenFileGenerator", "io.sentifuse.text.UnicodeTablesGenerator",
                "io.sentifuse.text.TokenizerBenchmark", "io.sentifuse.data.FixtureGenerator");
        for (String p : programs) {
            String src = SOURCES.get(p);
            assertThat(src).as(p).contains("public static void main(String[] args)").doesNotContain("org.junit");
        }
    }
}
