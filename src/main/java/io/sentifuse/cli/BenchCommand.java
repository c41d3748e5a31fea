package io.sentifuse.cli;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.data.DatasetFormats;
import io.sentifuse.data.PairRecordReader;
import io.sentifuse.data.stream.DataBenchmark;
import io.sentifuse.encoder.ImageEncoder;
import io.sentifuse.encoder.ModelSource;
import io.sentifuse.encoder.TextEncoder;
import io.sentifuse.encoder.TextModelChoice;
import io.sentifuse.encoder.TextPreset;
import io.sentifuse.encoder.bench.ForwardProfile;
import io.sentifuse.encoder.bench.GemmBenchmark;
import io.sentifuse.encoder.bench.ImageBenchResult;
import io.sentifuse.encoder.bench.ImageBenchmark;
import io.sentifuse.encoder.bench.OpCensus;
import io.sentifuse.encoder.bench.TextBenchResult;
import io.sentifuse.encoder.bench.TextBenchmark;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.finetune.FineTuneBenchmark;
import io.sentifuse.image.ImagePreset;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.ImageTransforms;
import io.sentifuse.text.Tokenizers;
import io.sentifuse.train.OpProfiler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sentifuse bench ...}: throughput and latency figures (one subcommand per area). */
@Command(name = "bench", description = "Throughput and latency figures.", subcommands = {BenchCommand.Text.class, BenchCommand.Image.class,
        BenchCommand.Data.class, BenchTrainCommand.class, BenchCommand.Finetune.class, BenchPredictCommand.class,
        BenchCommand.Gemm.class, BenchCommand.Ops.class})
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Rejects counts a measurement cannot run with: bad input, exit 2, naming the options. */
    static void requireCounts(boolean ok, String rule) {
        if (!ok) {
            throw new UserInputException(rule);
        }
    }

    @Command(name = "text", description = "Text-encoder forward pass: SameDiff vs ONNX Runtime on the same inputs,"
            + " interleaved after warm-up; prints both medians and their ratio.")
    static final class Text implements Callable<Integer> {

        @Option(names = "--model", paramLabel = "MODEL", description = "Text model: an ONNX file or a preset"
                + " (all-minilm-l6-v2, bge-small-en-v1.5, e5-small-v2; default: ${DEFAULT-VALUE}).")
        String model = TextPreset.ALL_MINILM_L6_V2.presetName();

        @Option(names = "--batch", description = "Texts per pass (default: ${DEFAULT-VALUE}).")
        int batch = 32;

        @Option(names = "--length", description = "Tokens per text (default: ${DEFAULT-VALUE}).")
        int length = 64;

        @Option(names = "--warmup", description = "Untimed passes of each engine first (default: ${DEFAULT-VALUE}).")
        int warmup = 3;

        @Mixin
        EngineRuns runs;

        @Mixin
        CacheDirOption cache;

        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            requireCounts(batch >= 1 && length >= 2 && runs.threads >= 1 && warmup >= 0 && runs.iterations >= 1
                    && runs.profile >= 0, "--batch, --threads and --iterations must be at least 1, --length at least 2, "
                    + "--warmup and --profile at least 0");
            ModelSource source = TextModelChoice.named(model, "--model").source();
            TextBenchResult r = TextBenchmark.run(source, cache.root(),
                    new TextBenchmark.Settings(batch, length, runs.threads, warmup, runs.iterations, runs.profile));
            output.print(r, String.format(
                    "%s, batch %dx%d, %d threads, %d timed passes each after %d warm-up passes%n"
                            + "SameDiff      median %8.1f ms (ND4J binary %s)%nONNX Runtime  median %8.1f ms%n"
                            + "ratio %.2fx (outputs differ by at most %.2g)",
                    r.model(), r.batch(), r.length(), r.threads(), r.samediffMs().size(), r.warmup(), r.samediffMedianMs(),
                    r.binary(),
                    r.ortMedianMs(), r.ratio(), r.maxAbsDiff()) + ForwardProfile.Result.text(r.profile()));
            return 0;
        }
    }

    @Command(name = "data", description = "Data pipeline: pairs per second read, tokenised, decoded, resized and "
            + "normalised to network inputs by the streaming iterator.")
    static final class Data implements Callable<Integer> {

        @Parameters(paramLabel = "DIR", description = "Dataset directory (e.g. ../shared/datasets/mvsa-single).")
        Path dir;

        @Option(names = "--format", description = "Dataset format (default: ${DEFAULT-VALUE}).")
        String format = DatasetFormats.DEFAULT;

        @Option(names = "--workers", description = "Decoding threads (default: ${DEFAULT-VALUE}).")
        int workers = 2;

        @Option(names = "--batch", description = "Pairs per batch (default: ${DEFAULT-VALUE}).")
        int batch = 32;

        @Option(names = "--prefetch", description = "Batches decoded ahead (default: ${DEFAULT-VALUE}).")
        int prefetch = 4;

        @Option(names = "--warmup", description = "Untimed batches first (default: ${DEFAULT-VALUE}).")
        int warmup = 2;

        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            requireCounts(workers >= 1 && batch >= 1 && prefetch >= 1 && warmup >= 0,
                    "--workers, --batch and --prefetch must be at least 1 and --warmup at least 0");
            PairRecordReader pairs = PairRecordReader.open(dir, format);
            // the default image model's own transform: aligned-corner stretch to 224 x 224, x / 255
            ImageTransform transform = ImageTransforms.create(ImagePreset.NSFWJS_MOBILENET_V2.spec());
            DataBenchmark.Result r = DataBenchmark.run(pairs, Tokenizers.defaultMiniLm(), transform, 128,
                    workers, batch, prefetch, warmup);
            output.print(r, String.format(Locale.ROOT,
                    "%d pairs in %.2f s: %.1f pairs/s (%d workers, batch %d, %dx%d images); %.2f CPU ms per pair",
                    r.pairs(), r.seconds(), r.pairsPerSecond(), r.workers(), r.batchSize(), r.imageSize(),
                    r.imageSize(), r.cpuMsPerPair()));
            return 0;
        }
    }

    @Command(name = "gemm", description = "The physical reference: single-precision n x n matrix multiplication "
            + "(ND4J's BLAS), GFLOP/s of the median after warm-up.")
    static final class Gemm implements Callable<Integer> {

        @Option(names = "--size", description = "n (default: ${DEFAULT-VALUE}).")
        int size = 1024;

        @Option(names = "--threads", description = "Threads (default: ${DEFAULT-VALUE}).")
        int threads = 2;

        @Option(names = "--warmup", description = "Untimed multiplications first (default: ${DEFAULT-VALUE}).")
        int warmup = 3;

        @Option(names = "--iterations", description = "Timed multiplications (default: ${DEFAULT-VALUE}).")
        int iterations = 10;

        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            requireCounts(size >= 1 && threads >= 1 && warmup >= 0 && iterations >= 1,
                    "bench gemm needs --size, --threads and --iterations at least 1 and --warmup at least 0");
            GemmBenchmark.Result r = GemmBenchmark.run(size, threads, warmup, iterations);
            output.print(r, String.format(Locale.ROOT, "GEMM %d x %d, %d threads, %s: median %.1f ms, %.1f GFLOP/s",
                    r.size(), r.size(), r.threads(), r.binary(), r.medianMs(), r.gflops()));
            return 0;
        }
    }

    @Command(name = "ops", description = "Op counts of each encoder's SameDiff graph without and with the "
            + "translator's rewrites (layer-norm fusion, Conv+BatchNorm folding, depthwise and relu6 forms), by op type.")
    static final class Ops implements Callable<Integer> {

        @Option(names = "--text", split = ",", paramLabel = "MODEL", description = "Text models: presets or ONNX files "
                + "(default: ${DEFAULT-VALUE}).")
        List<String> text = List.of("all-minilm-l6-v2", "e5-small-v2");

        @Option(names = "--image", split = ",", paramLabel = "MODEL", description = "Image models as bench image takes "
                + "them (default: ${DEFAULT-VALUE}).")
        List<String> image = List.of("default", "resnet50-bn", "nsfwjs-inception-v3");

        @Mixin
        CacheDirOption cache;

        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            List<OpCensus.Result> results = new ArrayList<>();
            for (String m : text) {
                ModelSource source = TextModelChoice.named(m, "--text").source();
                results.add(OpCensus.of(m, source.parse(), TextEncoder.INFERENCE_WEIGHTS));
            }
            for (String m : image) {
                results.add(OpCensus.of(m, ImageBenchmark.source(m, cache.root()).modelSource().parse(),
                        ImageEncoder.INFERENCE_WEIGHTS));
            }
            StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-22s %10s %12s %14s  %s%n", "model",
                    "ONNX nodes", "ops plain", "ops rewritten", "changed op types (plain->rewritten)"));
            for (OpCensus.Result r : results) {
                table.append(String.format(Locale.ROOT, "%-22s %10d %12d %14d  %s%n", r.model(), r.onnxNodes(),
                        r.opsPlain(), r.opsRewritten(), String.join(", ", r.changes())));
            }
            output.print(OpCensus.Census.of(results), table.toString().stripTrailing());
            return 0;
        }
    }

    @Command(name = "finetune", description = "End-to-end fine-tuning step time: forward + backward through the "
            + "encoders and the head + AdamW update, on a fixed batch after warm-up (default: all-MiniLM-L6-v2 + nsfwjs"
            + " MobileNetV2 + ote); median and p90 per variant, peak resident memory.")
    static final class Finetune implements Callable<Integer> {

        @Option(names = "--head", description = "Fusion head (default: ${DEFAULT-VALUE}).")
        String head = "ote";

        @Option(names = "--batch", description = "Pairs per step (default: ${DEFAULT-VALUE}).")
        int batch = 8;

        @Option(names = "--length", description = "Tokens per text (default: ${DEFAULT-VALUE}).")
        int length = 64;

        @Option(names = "--finetune", split = ",", paramLabel = "both|text|image", description = "Which encoders "
                + "train; several (comma-separated) are measured one after the other (default: both,text).")
        List<TrainingConfig.Finetune> variants = new ArrayList<>(List.of(TrainingConfig.Finetune.BOTH,
                TrainingConfig.Finetune.TEXT));

        @Option(names = "--warmup", description = "Untimed steps first (the first builds the gradient graph; "
                + "default: ${DEFAULT-VALUE}).")
        int warmup = 2;

        @Option(names = "--steps", description = "Timed steps per variant (default: ${DEFAULT-VALUE}).")
        int steps = 5;

        @Option(names = "--threads", description = "ND4J threads, 0 = ND4J's default (default: ${DEFAULT-VALUE}).")
        int threads = 0;

        @Option(names = "--set", paramLabel = "KEY.PATH=VALUE", description = "Settings on top of base.yaml, e.g. "
                + "text.model=FILE, image.model=FILE, output.cache_dir=DIR (repeatable).")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--profile", description = "Also split the timed steps' wall time by op type (forward and "
                + "_bp gradient ops) and between ops.")
        boolean profile;

        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            List<FineTuneBenchmark.Result> results = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (TrainingConfig.Finetune v : variants) {
                FineTuneBenchmark.Result r = FineTuneBenchmark.run(new FineTuneBenchmark.Settings(head, batch,
                        length, v, warmup, steps, threads, overrides, profile));
                results.add(r);
                text.append(String.format(Locale.ROOT, "%s + %s + %s, batch %d x %d tokens, %dx%d images, "
                                + "training %s (%,d parameters), %d threads: median %.0f ms, p90 %.0f ms per step "
                                + "(%d timed after %d warm-up); resident memory up to %.0f MiB (peak %.0f MiB)%n",
                        r.textModel(), r.imageModel(), r.head(), r.batch(), r.length(), r.imageSize(),
                        r.imageSize(), r.finetune(), r.trainableParameters(), r.threads(), r.medianMs(),
                        r.p90Ms(), r.stepMs().size(), r.warmup(), r.maxStepRssMb(), r.peakRssMb()));
                if (profile) {
                    text.append(String.format(Locale.ROOT, "  per step: %.0f ms inside %.0f ops, %.0f ms between "
                            + "them%n", r.opMs(), r.opsPerStep(), r.betweenMs()));
                    text.append(String.format(Locale.ROOT, "    (the %d costliest of %d op types)%n",
                            Math.min(15, r.ops().size()), r.ops().size()));
                    for (OpProfiler.Share op : r.ops().subList(0, Math.min(15, r.ops().size()))) {
                        text.append(String.format(Locale.ROOT, "    %-26s %6.1f per step %8.1f ms %5.1f%%%n",
                                op.op(), op.perStep(), op.millis(), 100 * op.share()));
                    }
                }
            }
            output.print(Map.of("variants", results),
                    text.toString().stripTrailing());
            return 0;
        }
    }

    @Command(name = "image", description = "Image feature extraction (pooled vector and spatial map): SameDiff (the"
            + " verified, cached encoder) vs ONNX Runtime on the same images, interleaved after warm-up; prints images"
            + " per second of both and the ratio.")
    static final class Image implements Callable<Integer> {

        @Option(names = "--model", paramLabel = "default|resnet50|resnet18|FILE", description = "default (nsfwjs"
                + " MobileNetV2), resnet50 / resnet18 (generated torchvision-style fixtures, BatchNorm folded;"
                + " resnet50-bn / resnet18-bn: kept) or an ONNX file (default: ${DEFAULT-VALUE}).")
        String model = "default";

        @Option(names = "--batch", description = "Images per batch (default: ${DEFAULT-VALUE}).")
        int batch = 16;

        @Option(names = "--warmup", description = "Untimed batches of each engine first (default: ${DEFAULT-VALUE}).")
        int warmup = 2;

        @Mixin
        EngineRuns runs;

        @Mixin
        CacheDirOption cache;

        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            requireCounts(batch >= 1 && runs.threads >= 1 && warmup >= 0 && runs.iterations >= 1 && runs.profile >= 0,
                    "--batch, --threads and --iterations must be at least 1 and --warmup and --profile at least 0");
            Path root = cache.root();
            ImageBenchResult r = ImageBenchmark.run(ImageBenchmark.source(model, root),
                    ConfigLoader.defaults(List.of()).image(), root,
                    new ImageBenchmark.Settings(batch, runs.threads, warmup, runs.iterations, runs.profile));
            output.print(r, String.format(
                    "%s (pooled %d-d, %d regions), batch %d, %d threads, %d timed batches each after %d warm-up batches%n"
                            + "SameDiff      %8.1f images/s (median batch %8.1f ms, ND4J binary %s)%n"
                            + "ONNX Runtime  %8.1f images/s (median batch %8.1f ms)%n"
                            + "ratio %.2fx (pooled features differ by at most %.2g)",
                    r.model(), r.pooledDim(), r.regions(), r.batch(), r.threads(), r.samediffMs().size(), r.warmup(),
                    r.samediffImagesPerSecond(), r.samediffMedianMs(), r.binary(), r.ortImagesPerSecond(), r.ortMedianMs(),
                    r.ratio(), r.maxAbsDiff()) + ForwardProfile.Result.text(r.profile()));
            return 0;
        }
    }
}
