package io.sentifuse.finetune;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.sentifuse.cache.CacheRoot;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ConfigSchema;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.data.Label;
import io.sentifuse.data.stream.PairBatch;
import io.sentifuse.encoder.ImageEncoder;
import io.sentifuse.encoder.TextEncoder;
import io.sentifuse.encoder.TokenTensors;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.model.ParamSpec;
import io.sentifuse.model.TrainableModel;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.system.ProcStatus;
import io.sentifuse.text.Encoding;
import io.sentifuse.train.AdamW;
import io.sentifuse.train.ComputeThreads;
import io.sentifuse.train.OpProfiler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time of one end-to-end fine-tuning step (for {@code sentifuse bench finetune}): forward and backward
 * pass through the encoders and the head plus the AdamW update of every trainable parameter, on one fixed
 * batch of real token ids (a tokenised text cut to the requested length) and random images, after warm-up.
 * The first step also builds SameDiff's gradient graph, so warm-up should be at least 1. A CNN that does not train
 * ({@code --finetune text}) is not run per step, as in training: its features of the batch are computed once and
 * copied per step, as training reads them from the feature cache. Speed figures live here, never in unit tests.
 */
public final class FineTuneBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(FineTuneBenchmark.class);
    private static final String FILLER = "the quick brown fox jumps over the lazy dog while a happy crowd cheers "
            + "at the sunny beach and nobody seems to mind the rain ";

    /**
     * @param head      fusion head
     * @param batch     pairs per step
     * @param length    tokens per text ([CLS] and [SEP] included)
     * @param finetune  which encoders train
     * @param warmup    untimed steps first
     * @param steps     timed steps
     * @param threads   ND4J threads (0 = ND4J's default)
     * @param overrides further {@code key=value} settings on top of base.yaml (e.g. text.model)
     * @param profile   also split the timed steps' wall time by op type (forward ops and {@code _bp} gradient ops)
     */
    public record Settings(String head, int batch, int length, TrainingConfig.Finetune finetune, int warmup,
                           int steps, int threads, List<String> overrides, boolean profile) {
    }

    /**
     * @param trainableParameters head + tuned encoder values
     * @param buildSeconds        encoders checked and the graph built (translation of both models)
     * @param stepMs              every timed step, in order
     * @param medianMs            median step
     * @param p90Ms               90th percentile step
     * @param peakRssMb           the process's peak resident memory (VmHWM) at the end, in MiB
     * @param maxStepRssMb        the largest resident memory seen right after a timed step, in MiB
     * @param opMs                wall ms per step inside SameDiff ops (with {@code profile}, else 0)
     * @param betweenMs           wall ms per step between two ops of a pass (with {@code profile}, else 0)
     * @param opsPerStep          ops executed per step (with {@code profile}, else 0)
     * @param ops                 per op type, largest first (with {@code profile}, else empty)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(String head, String textModel, String imageModel, int batch, int length, int imageSize,
                         String finetune, int threads, long trainableParameters, double buildSeconds, int warmup,
                         List<Double> stepMs, double medianMs, double p90Ms, double peakRssMb, double maxStepRssMb,
                         double opMs, double betweenMs, double opsPerStep, List<OpProfiler.Share> ops) {
    }

    private FineTuneBenchmark() {
    }

    public static Result run(Settings s) {
        if (s.batch() < 1 || s.length() < 2 || s.warmup() < 0 || s.steps() < 1 || s.threads() < 0) {
            throw new UserInputException("--batch and --steps must be at least 1, --length at least 2, --warmup and "
                    + "--threads at least 0");
        }
        List<String> sets = new ArrayList<>(List.of("fusion.head=" + s.head(), "training.mode=finetune",
                "training.finetune=" + ConfigSchema.yamlEnum(s.finetune()), "text.max_length=" + s.length()));
        sets.addAll(s.overrides());
        ExperimentConfig config = ConfigLoader.defaults(sets);
        TrainingConfig tc = config.training();
        try (ComputeThreads t = ComputeThreads.use(s.threads())) {
            long buildStart = System.nanoTime();
            var head = io.sentifuse.fusion.FusionHeads.get(s.head());
            FineTuneEncoders enc = FineTuneEncoders.open(config.text(), config.image(),
                    CacheRoot.resolve(config.output().cacheDir()), FineTuneGraphBuilder.readsText(head),
                    FineTuneGraphBuilder.readsImage(head), s.finetune(), null);
            FineTuneModel model = FineTuneModel.build(enc, config.text(), config.image(), config.fusion(),
                    s.finetune(), Seeds.of(config.seed()));
            double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
            AdamW optimizer = new AdamW(model.parameterSpecs(), Map.of(ParamSpec.HEAD, tc.lr(),
                    ParamSpec.ENCODER, tc.encoderLr()), tc.beta1(), tc.beta2(), tc.epsilon(), tc.weightDecay());
            Map<String, INDArray> live = new LinkedHashMap<>();
            model.parameterSpecs().keySet().forEach(p -> live.put(p, model.parameter(p)));
            int size = enc.transform().size();
            double[] ms = new double[s.steps()];
            double maxRss = 0;
            OpProfiler profiler = OpProfiler.wall();
            if (s.profile()) {
                model.graph().addListeners(profiler);
            }
            try (PairBatch batch = batch(enc, s.batch(), s.length(), size)) {
                // a fixed encoder's features come from the feature cache in training: computed once here
                if (enc.frozenImage() != null) {
                    ImageEncoder.Features fixed = enc.frozenImage().encode(batch.images());
                    model.readFrozenImageFeatures(ids -> new ImageEncoder.Features(fixed.pooled().dup(),
                            fixed.regions().dup()));
                }
                if (enc.frozenText() != null) {
                    TextEncoder.Features fixed = enc.frozenText().encode(new TokenTensors(batch.tokenIds(),
                            batch.attentionMask(), Nd4j.zerosLike(batch.tokenIds())));
                    model.readFrozenTextFeatures((ids, mask) -> new TextEncoder.Features(fixed.tokenStates().dup(),
                            fixed.cls().dup(), fixed.mean().dup(), fixed.pooled().dup()));
                }
                for (int i = 0; i < s.warmup() + s.steps(); i++) {
                    profiler.count(i >= s.warmup());
                    long start = System.nanoTime();
                    TrainableModel.Gradients g = model.gradients(batch, null, i);
                    optimizer.step(live, g.gradients(), tc.gradClip(), false);
                    double took = (System.nanoTime() - start) / 1e6;
                    LOG.info("{} step {}: {} ms, loss {}", i < s.warmup() ? "warm-up" : "timed", i + 1,
                            Math.round(took), g.loss());
                    if (i >= s.warmup()) {
                        ms[i - s.warmup()] = took;
                        maxRss = Math.max(maxRss, memory("VmRSS"));
                    }
                }
            } finally {
                profiler.count(false);
                model.graph().getListeners().remove(profiler);
            }
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            List<Double> steps = new ArrayList<>();
            for (double m : ms) {
                steps.add(m);
            }
            return new Result(s.head(), config.text().model(), config.image().model(), s.batch(), s.length(), size,
                    ConfigSchema.yamlEnum(s.finetune()), s.threads(), model.parameterCount(), buildSeconds,
                    s.warmup(), steps, sorted[(sorted.length - 1) / 2],
                    sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.9) - 1)], memory("VmHWM"),
                    maxRss, profiler.opNanos() / 1e6 / s.steps(), profiler.betweenNanos() / 1e6 / s.steps(),
                    (double) profiler.ops() / s.steps(), s.profile() ? profiler.shares(s.steps()) : List.of());
        }
    }

    /** A fixed batch: a filler text tokenised to exactly {@code length} ids per row, random images, labels. */
    static PairBatch batch(FineTuneEncoders enc, int batch, int length, int size) {
        Random rng = Seeds.of(7).random("bench/finetune");
        String text = FILLER.repeat(1 + length / 8);
        List<Encoding> encodings = new ArrayList<>();
        String[] ids = new String[batch];
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            encodings.add(enc.tokenizer().encode(text, length));
            ids[i] = "bench-" + i;
            labels[i] = rng.nextInt(Label.COUNT);
        }
        TokenTensors tokens = TokenTensors.pad(encodings, enc.tokenizer().padId());
        Nd4j.getRandom().setSeed(rng.nextLong());
        INDArray images = Nd4j.rand(DataType.FLOAT, batch, 3, size, size);
        return new PairBatch(ids, labels, tokens.ids(), tokens.mask(), images);
    }

    /** A memory figure of this process from /proc/self/status in MiB, or NaN where there is none (not Linux). */
    static double memory(String field) {
        long bytes = ProcStatus.bytes(field);
        return bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024.0);
    }
}
