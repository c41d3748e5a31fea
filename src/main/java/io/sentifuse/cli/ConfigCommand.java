package io.sentifuse.cli;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ConfigWriter;
import io.sentifuse.config.ExperimentConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sentifuse config ...}: resolved experiment configurations and the documented defaults. */
@Command(name = "config", description = "Experiment configuration.",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Defaults.class})
final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", description = "The resolved configuration: defaults, extends chain, file, --set overrides.")
    static final class Show implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "Experiment YAML file.")
        Path file;

        @Mixin
        Overrides overrides;

        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            ExperimentConfig config = ConfigLoader.load(file, overrides.values);
            output.print(ConfigWriter.toMap(config),
                    ConfigWriter.toYaml(config).stripTrailing());
            return 0;
        }
    }

    @Command(name = "defaults", description = "Every key with its default and documentation (experiments/base.yaml).")
    static final class Defaults implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(ConfigWriter.defaultsYaml());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
