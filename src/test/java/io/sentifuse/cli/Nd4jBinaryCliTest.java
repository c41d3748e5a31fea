package io.sentifuse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.files.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code main} chooses the ND4J binary before ND4J loads: overrides take effect, bad ones stop with exit 2. Each case
 * is a fresh JVM, since a process loads ND4J's library once.
 */
class Nd4jBinaryCliTest {

    @TempDir
    Path tmp;

    private record Child(int exitCode, String out, String err) {
    }

    private Child run(String classPath, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", classPath));
        command.addAll(Arrays.asList(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("SENTIFUSE_ND4J_BINARY");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
        return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String classPath() {
        return System.getProperty("java.class.path");
    }

    @Test
    void aBadValueStopsBeforeNd4jLoadsWithExitTwo() throws Exception {
        Child c = run(classPath(), Map.of("SENTIFUSE_ND4J_BINARY", "avx3"), "io.sentifuse.cli.Main", "env");
        assertThat(c.exitCode()).as(c.err()).isEqualTo(2);
        assertThat(c.err().strip()).isEqualTo("error: SENTIFUSE_ND4J_BINARY is 'avx3': expected one of auto, generic, "
                + "avx2, avx512, onednn, onednn-avx2, onednn-avx512");
        assertThat(c.out()).isEmpty();
    }

    @Test
    void aBuildWhoseJarIsMissingIsRefusedNotSilentlyReplaced() throws Exception {
        String without = Arrays.stream(classPath().split(File.pathSeparator))
                .filter(e -> !e.contains("-linux-x86_64-onednn-avx2"))
                .collect(Collectors.joining(File.pathSeparator));
        Child c = run(without, Map.of(), "-Dsentifuse.nd4j.binary=onednn-avx2", "io.sentifuse.cli.Main", "env");
        assertThat(c.exitCode()).as(c.err()).isEqualTo(2);
        assertThat(c.err()).contains("error: -Dsentifuse.nd4j.binary is 'onednn-avx2': its jar (org.nd4j:nd4j-native:"
                + "1.0.0-M2.1:linux-x86_64-onednn-avx2) is not on the class path; builds on the class path: ");
    }

    @Test
    void theOverrideIsWhatNd4jLoadsAndEnvReportsIt() throws Exception {
        Child c = run(classPath(), Map.of("SENTIFUSE_ND4J_BINARY", "generic"), "io.sentifuse.cli.Main", "env", "--json");
        assertThat(c.exitCode()).as(c.err()).isZero();
        JsonNode json = Json.mapper().readTree(c.out());
        assertThat(json.at("/nd4j_binary/name").asText()).isEqualTo("generic");
        assertThat(json.at("/nd4j_binary/chosen_by").asText()).isEqualTo("SENTIFUSE_ND4J_BINARY=generic");
        assertThat(json.at("/nd4j_binary/library").asText()).endsWith("/bindings/linux-x86_64/libnd4jcpu.so");
        assertThat(json.get("nd4j_binary_level").asText()).isEqualTo("Generic x86");
    }
}
