package io.sentifuse.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The repeatable {@code --set key.path=value} option of the commands that read an experiment. */
final class Overrides {

    @Option(names = "--set", paramLabel = "KEY.PATH=VALUE", description = "Override one key (repeatable).")
    List<String> values = new ArrayList<>();
}
