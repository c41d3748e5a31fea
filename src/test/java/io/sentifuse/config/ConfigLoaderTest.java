package io.sentifuse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void baseYamlResolvesToTheDeclaredDefaults() {
        ExperimentConfig fromFile = ConfigLoader.load(Path.of("experiments/base.yaml"), List.of());
        ExperimentConfig builtIn = ConfigLoader.defaults(List.of());
        assertThat(fromFile).isEqualTo(builtIn);
        assertThat(fromFile.seed()).isEqualTo(42L);
        assertThat(fromFile.training().epochs()).isEqualTo(10);
    }

    @Test
    void childInheritsParentAndOverridesWin() throws IOException {
        write("base.yaml", "seed: 1\ntraining:\n  epochs: 3\n  batch_size: 8\nfusion:\n  head: gmu\n");
        Path child = write("sub/child.yaml", "extends: ../base.yaml\nname: child\ntraining:\n  epochs: 5\n");
        ExperimentConfig config = ConfigLoader.load(child, List.of("training.lr=3e-5", "seed=7"));
        assertThat(config.name()).isEqualTo("child");
        assertThat(config.seed()).isEqualTo(7L);
        assertThat(config.training().epochs()).isEqualTo(5);
        assertThat(config.training().batchSize()).isEqualTo(8);
        assertThat(config.training().lr()).isEqualTo(3e-5);
        assertThat(config.fusion().head()).isEqualTo("gmu");
        // untouched keys keep the built-in default
        assertThat(config.training().weightDecay()).isEqualTo(0.01);
    }

    @Test
    void unknownKeyNamesTheKeyTheFileAndTheLine() throws IOException {
        write("base.yaml", "seed: 1\n");
        Path child = write("typo.yaml", "extends: base.yaml\ntraning:\n  epochs: 3\n");
        assertThatThrownBy(() -> ConfigLoader.load(child, List.of()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("'traning'")
                .hasMessageContaining(child.toString() + ":2")
                .hasMessageContaining("did you mean 'training'");
    }

    @Test
    void unknownNestedKeyNamesTheFullPath() throws IOException {
        Path file = write("nested.yaml", "training:\n  epoch: 3\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("'training.epoch'")
                .hasMessageContaining("did you mean 'epochs'");
    }

    @Test
    void wrongTypeNamesTheKeyPathAndTheExpectedType() throws IOException {
        Path file = write("bad.yaml", "extends: " + Path.of("experiments/base.yaml").toAbsolutePath()
                + "\ntraining:\n  epochs: ten\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("'training.epochs' must be an integer")
                .hasMessageContaining("'ten'")
                .hasMessageContaining(file + ":3");
    }

    @Test
    void wrongEnumListsTheAllowedValues() throws IOException {
        Path file = write("enum.yaml", "data:\n  protocol: random\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("'data.protocol' must be one of paper | standard");
    }

    @Test
    void overrideOfAnUnknownKeyNamesTheOverride() throws IOException {
        Path file = write("ok.yaml", "seed: 3\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of("traning.epochs=2")))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("--set traning.epochs=2")
                .hasMessageContaining("'traning'");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of("seed")))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("expected key.path=value");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of("training.batch_size=big")))
                .hasMessageContaining("'training.batch_size' must be an integer");
    }

    @Test
    void overrideReplacingASectionWithAScalarIsRejected() throws IOException {
        Path file = write("ok.yaml", "seed: 3\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of("training=5")))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("'training' must be a section of keys");
    }

    @Test
    void extendsCycleAndMissingParentAreReported() throws IOException {
        write("a.yaml", "extends: b.yaml\n");
        Path b = write("b.yaml", "extends: a.yaml\n");
        assertThatThrownBy(() -> ConfigLoader.load(b, List.of())).hasMessageContaining("cycle");
        Path orphan = write("orphan.yaml", "extends: nowhere.yaml\n");
        assertThatThrownBy(() -> ConfigLoader.load(orphan, List.of()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("nowhere.yaml");
    }

    @Test
    void duplicateKeysAndBadYamlAndWrongVersionAreErrors() throws IOException {
        Path dup = write("dup.yaml", "seed: 1\nseed: 2\n");
        assertThatThrownBy(() -> ConfigLoader.load(dup, List.of())).hasMessageContaining("duplicate key 'seed'");
        Path broken = write("broken.yaml", "training: [unclosed\n");
        assertThatThrownBy(() -> ConfigLoader.load(broken, List.of())).hasMessageContaining("not valid YAML");
        Path future = write("future.yaml", "version: 2\n");
        assertThatThrownBy(() -> ConfigLoader.load(future, List.of())).hasMessageContaining("reads version 1");
    }

    @Test
    void committedBaseYamlIsExactlyTheGeneratedDefaults() throws IOException {
        // Regenerate with: ./sentifuse config defaults > experiments/base.yaml
        assertThat(Files.readString(Path.of("experiments/base.yaml"))).isEqualTo(ConfigWriter.defaultsYaml());
    }

    @Test
    void everyExperimentFileInTheRepoResolves() throws IOException {
        try (var files = Files.walk(Path.of("experiments"))) {
            List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            assertThat(yamls).isNotEmpty();
            for (Path yaml : yamls) {
                if (yaml.getParent().getFileName().toString().equals("sweeps")) {
                    // sweep files have their own schema, as strict; their base and every range end must resolve
                    assertThat(io.sentifuse.tune.SweepFile.read(yaml, List.of()).parameters()).as(yaml.toString())
                            .isNotEmpty();
                } else if (yaml.equals(io.sentifuse.reproduce.References.FILE)) {
                    assertThat(io.sentifuse.reproduce.References.read(yaml).sources()).as(yaml.toString())
                            .containsKeys("paper", "course", "published");
                } else if (yaml.getParent().equals(io.sentifuse.reproduce.AblationPlan.FILE.getParent())
                        && yaml.getFileName().toString().startsWith("ablations")) {
                    // ablation plans: every lever's settings resolve on each of its heads, members name earlier ones
                    assertThat(io.sentifuse.reproduce.AblationPlan.read(yaml).levers()).as(yaml.toString())
                            .isNotEmpty();
                } else {
                    assertThat(ConfigLoader.load(yaml, List.of())).as(yaml.toString()).isNotNull();
                }
            }
        }
    }

    @Test
    void writtenYamlReadsBackToTheSameConfig() throws IOException {
        ExperimentConfig config = ConfigLoader.defaults(List.of("training.lr=3.0e-5", "fusion.head=cmac",
                "data.protocol=standard"));
        Path file = write("roundtrip.yaml", ConfigWriter.toYaml(config));
        assertThat(ConfigLoader.load(file, List.of())).isEqualTo(config);
    }
}
