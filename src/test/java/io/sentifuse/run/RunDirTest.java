package io.sentifuse.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Checksums;
import io.sentifuse.files.Json;
import io.sentifuse.system.LoadedNd4jBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class RunDirTest {

    @Test
    void createsATimestampedFolderWithConfigProvenanceAndLog(@TempDir Path tmp) throws Exception {
        ExperimentConfig config = ConfigLoader.defaults(List.of("output.runs_dir=" + tmp.resolve("runs"),
                "name=my run", "seed=9"));
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:11:12Z"), ZoneOffset.UTC);
        Path path;
        try (RunDir run = RunDir.create(config, List.of("train", "x.yaml"), clock)) {
            path = run.path();
            LoggerFactory.getLogger(RunDirTest.class).warn("hello from the run");
            run.recordProvenance("dataset", Map.of("sha256", "abc"));
        }
        assertThat(path.getFileName().toString()).isEqualTo("20261127T101112Z-my-run");
        assertThat(ConfigLoader.load(path.resolve(RunDir.CONFIG_FILE), List.of())).isEqualTo(config);
        JsonNode prov = Json.mapper().readTree(path.resolve(RunDir.PROVENANCE_FILE).toFile());
        assertThat(prov.get("seed").asLong()).isEqualTo(9);
        assertThat(prov.at("/git/commit").asText()).isNotBlank();
        assertThat(prov.get("dl4j_version").asText()).isEqualTo("1.0.0-M2.1");
        assertThat(prov.at("/system/backend").asText()).startsWith("CPU");
        // the ND4J build that loaded, as ND4J reports it
        assertThat(prov.at("/system/nd4j_binary/name").asText()).isEqualTo(LoadedNd4jBinary.read().name())
                .isNotEqualTo("unknown");
        assertThat(prov.at("/system/nd4j_binary/library").asText()).endsWith("libnd4jcpu.so");
        assertThat(prov.at("/dataset/sha256").asText()).isEqualTo("abc");
        assertThat(prov.get("config_sha256").asText()).hasSize(64);
        assertThat(Files.readString(path.resolve(RunDir.LOG_FILE))).contains("hello from the run");

        // a second run in the same second gets its own folder
        try (RunDir again = RunDir.create(config, List.of(), clock)) {
            assertThat(again.path().getFileName().toString()).isEqualTo("20261127T101112Z-my-run-2");
        }
        // reopening for resume keeps provenance and notes the resume
        try (RunDir reopened = RunDir.open(path)) {
            assertThat(reopened.provenance()).containsKey("resumed_at").containsKey("dataset");
        }
    }

    @Test
    void openingSomethingThatIsNotARunFolderIsBadInput(@TempDir Path tmp) {
        assertThatThrownBy(() -> RunDir.open(tmp)).isInstanceOf(UserInputException.class)
                .hasMessageContaining("is not a run folder");
    }

    @Test
    void treeChecksumChangesWhenAFileChanges(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("a.txt"), "one");
        Files.createDirectories(tmp.resolve("d"));
        Files.writeString(tmp.resolve("d/b.txt"), "two");
        String before = Checksums.sha256Tree(tmp);
        assertThat(Checksums.sha256Tree(tmp)).isEqualTo(before);
        Files.writeString(tmp.resolve("d/b.txt"), "two!");
        assertThat(Checksums.sha256Tree(tmp)).isNotEqualTo(before);
        assertThat(Checksums.sha256("abc".getBytes()))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
