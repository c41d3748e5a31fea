package io.sentifuse.cli;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.DataConfig;
import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.config.DataConfig.SplitProtocol;
import io.sentifuse.data.DataCheck;
import io.sentifuse.data.DataCheckResult;
import io.sentifuse.data.DataSplit;
import io.sentifuse.data.DatasetFormats;
import io.sentifuse.data.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sentifuse data ...}: dataset checks and split files. */
@Command(name = "data", description = "Datasets: check one, write a split file.",
        subcommands = {DataCommand.Check.class, DataCommand.SplitCmd.class})
final class DataCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", description = "Read every pair, decode every image; report counts, labels after merging, "
            + "text encodings, problems and the dataset checksum.")
    static final class Check implements Callable<Integer> {

        @Parameters(paramLabel = "DIR", arity = "0..1",
                description = "Dataset directory (or manifest file); default: data.path of the configuration.")
        Path dir;

        @Option(names = "--format", description = "mvsa-single | mvsa-multiple | manifest; default: data.format.")
        String format;

        @Option(names = "--strict", description = "Stop at the first problem (exit 2) instead of listing them all; "
                + "default: data.item_policy.")
        boolean strict;

        @Option(names = "--config", paramLabel = "FILE", description = "Experiment YAML whose data section gives the defaults.")
        Path config;

        @Option(names = "--set", paramLabel = "KEY.PATH=VALUE", description = "Override one key, e.g. data.item_policy=fail.")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--threads", description = "Decoding threads (default: all cores).")
        int threads = Runtime.getRuntime().availableProcessors();

        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            DataConfig data = (config == null ? ConfigLoader.defaults(overrides) : ConfigLoader.load(config, overrides)).data();
            DataCheckResult r = DataCheck.run(dir != null ? dir : Path.of(data.path()),
                    format != null ? format : data.format(), strict ? ItemPolicy.FAIL : data.itemPolicy(), threads);
            output.print(r, text(r));
            return 0;
        }

        static String text(DataCheckResult r) {
            StringBuilder s = new StringBuilder();
            line(s, "dataset", r.path() + " (" + r.format() + ")");
            line(s, "pairs", String.valueOf(r.pairs()));
            line(s, "dropped", r.droppedConflicting() + " conflicting (positive vs negative)"
                    + (r.droppedNoMajority() > 0 ? ", " + r.droppedNoMajority() + " without an annotator majority" : ""));
            line(s, "skipped", r.skipped() + (r.skipped() > 0 ? " (problems below)" : ""));
            line(s, "usable", r.usable() + ": " + counts(r.labels()));
            line(s, "texts", r.nonUtf8Texts() + " not UTF-8 (" + counts(r.encodings()) + ")");
            line(s, "checksum", r.datasetChecksum());
            line(s, "time", r.seconds() + " s on " + r.threads() + " threads");
            for (Problem p : r.problems()) {
                s.append("  problem: ").append(p.message()).append('\n');
            }
            return s.toString().stripTrailing();
        }
    }

    @Command(name = "split", description = "Write a split file (ids per part) by protocol and seed.")
    static final class SplitCmd implements Callable<Integer> {

        @Parameters(paramLabel = "DIR", description = "Dataset directory (or manifest file).")
        Path dir;

        @Option(names = "--format", defaultValue = DatasetFormats.DEFAULT, description = "mvsa-single | mvsa-multiple | manifest (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--protocol", required = true, description = "paper (random 80/20 train/val) | standard (stratified 8:1:1 train/dev/test).")
        SplitProtocol protocol;

        @Option(names = "--seed", required = true, description = "Seed of the shuffle.")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Split file to write (JSON).")
        Path out;

        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            DataSplit.Result r = DataSplit.run(dir, format, protocol, seed, out, Runtime.getRuntime().availableProcessors());
            StringBuilder s = new StringBuilder();
            line(s, "wrote", r.out() + " (sha256 " + r.sha256() + ")");
            line(s, "protocol", r.protocol() + ", seed " + r.seed());
            r.labels().forEach((part, labels) -> line(s, part, r.sizes().get(part) + ": " + counts(labels)));
            output.print(r, s.toString().stripTrailing());
            return 0;
        }
    }

    private static void line(StringBuilder s, String key, String value) {
        s.append(String.format("%-10s %s%n", key, value));
    }

    private static String counts(Map<String, Integer> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
