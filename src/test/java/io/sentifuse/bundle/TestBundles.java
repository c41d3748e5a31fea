package io.sentifuse.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.cli.CliRunner;
import io.sentifuse.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One small exported model per test JVM: {@code cmac} (an attention head, so pages and APIs have attention to
 * show) trained three epochs on the committed fixture, features from the build's test cache.
 */
final class TestBundles {

    private static Path cmac;

    private TestBundles() {
    }

    static synchronized Path cmac() throws Exception {
        if (cmac != null && Files.isRegularFile(cmac)) {
            return cmac;
        }
        Path dir = Files.createTempDirectory("sentifuse-test-bundle");
        dir.toFile().deleteOnExit();
        CliRunner.Result train = CliRunner.run("train", "experiments/smoke/fixture.yaml", "--set",
                "output.cache_dir=target/test-cache", "--set", "output.runs_dir=" + dir.resolve("runs"), "--set",
                "fusion.head=cmac", "--set", "training.epochs=3", "--json");
        assertThat(train.exitCode()).as(train.err()).isZero();
        List<String> lines = train.out().strip().lines().toList();
        String run = Json.mapper().readTree(lines.get(lines.size() - 1)).get("run_dir").asText();
        Path bundle = dir.resolve("cmac.zip");
        CliRunner.Result export = CliRunner.run("export", run, "--out", bundle.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        cmac = bundle;
        return bundle;
    }
}
