package io.sentifuse.cli;

import io.sentifuse.train.TrainStepBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sentifuse bench train}: training step time of a fusion head on frozen-feature-sized inputs. */
@Command(name = "train", description = "Training step time of a fusion head on frozen-feature-sized inputs "
        + "(random values, MVSA-Single's shapes and text lengths), after warm-up; evaluation pass time and the "
        + "epoch time they add up to; with --profile, CPU time per SameDiff op type.")
final class BenchTrainCommand implements Callable<Integer> {

    private static final int TOP_OPS = 12;

    @Option(names = "--head", description = "Fusion head (default: ${DEFAULT-VALUE}).")
    String head = "ote";

    @Option(names = "--batch", description = "Examples per step (default: ${DEFAULT-VALUE}, the paper protocol's).")
    int batch = 16;

    @Option(names = "--text-dim", description = "Text feature width (default: ${DEFAULT-VALUE}, MiniLM).")
    int textDim = 384;

    @Option(names = "--image-dim", description = "Image feature width (default: ${DEFAULT-VALUE}, MobileNetV2).")
    int imageDim = 1280;

    @Option(names = "--regions", description = "Image regions per example (default: ${DEFAULT-VALUE}, 7 x 7).")
    int regions = 49;

    @Option(names = "--tokens", description = "Median text length in tokens; lengths spread around it as "
            + "MiniLM's do on MVSA-Single, so a batch of 16 is mostly 45-65 tokens long (default: ${DEFAULT-VALUE}).")
    double tokens = 28;

    @Option(names = "--max-tokens", description = "Longest text (default: ${DEFAULT-VALUE}, text.max_length).")
    int maxTokens = 128;

    @Option(names = "--warmup", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup = 20;

    @Option(names = "--steps", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps = 200;

    @Option(names = "--threads", description = "ND4J threads, 0 = as configured (default: ${DEFAULT-VALUE}, as "
            + "frozen-feature training uses).")
    int threads = 1;

    @Option(names = "--epoch", description = "Training examples per epoch for the epoch estimate (default: "
            + "${DEFAULT-VALUE}, MVSA-Single's paper split).")
    int epoch = 3200;

    @Option(names = "--eval", description = "Validation examples per epoch (default: ${DEFAULT-VALUE}).")
    int eval = 800;

    @Option(names = "--eval-batch", description = "Examples per evaluation pass (default: ${DEFAULT-VALUE}, "
            + "training.eval_batch_size).")
    int evalBatch = 32;

    @Option(names = "--profile", description = "Also measure CPU time per SameDiff op type.")
    boolean profile;

    @Option(names = "--set", paramLabel = "KEY.PATH=VALUE", description = "Settings on top of base.yaml, e.g. "
            + "fusion.heads=4 (repeatable; base.yaml's fusion settings are the paper protocol's).")
    List<String> overrides = new ArrayList<>();

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        BenchCommand.requireCounts(batch >= 1 && textDim >= 1 && imageDim >= 1 && regions >= 1 && tokens >= 1
                        && maxTokens >= 1 && steps >= 1 && warmup >= 0 && threads >= 0 && epoch >= 1 && eval >= 1
                        && evalBatch >= 1,
                "--batch, --text-dim, --image-dim, --regions, --tokens, --max-tokens, --steps, --epoch, --eval and "
                        + "--eval-batch must be at least 1, --warmup and --threads at least 0");
        TrainStepBenchmark.Result r = TrainStepBenchmark.run(new TrainStepBenchmark.Settings(head, batch, textDim,
                imageDim, regions, tokens, maxTokens, warmup, steps, threads, epoch, eval, evalBatch, profile,
                overrides));
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%s, batch %d (%d tokens on average x %d + %d regions x %d), %d threads, %,d parameters%n"
                        + "step: median %.1f ms, p90 %.1f ms, %.1f steps/s, %.1f CPU ms%n"
                        + "evaluation: %.1f ms per %d examples%n"
                        + "epoch (%d + %d examples): %.1f s",
                r.settings().head(), batch, Math.round(r.meanTokens()), textDim, regions, imageDim, threads,
                r.parameters(), r.medianMillis(), r.p90Millis(), r.stepsPerSecond(), r.cpuMillis(), r.evalMillis(),
                evalBatch, epoch, eval, r.epochSeconds()));
        if (profile) {
            text.append(String.format(Locale.ROOT, "%nops: %.0f per step, %.1f CPU ms (%.0f%% of the step); largest:",
                    r.opsPerStep(), r.opMillis(), 100 * r.opMillis() / r.cpuMillis()));
            r.ops().stream().limit(TOP_OPS).forEach(o -> text.append(String.format(Locale.ROOT,
                    "%n  %-22s %5.1f per step %7.2f ms %5.1f%%", o.op(), o.perStep(), o.millis(), 100 * o.share())));
        }
        output.print(r, text.toString());
        return 0;
    }
}
