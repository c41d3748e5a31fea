package io.sentifuse.ui;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ConfigWriter;
import io.sentifuse.files.Json;
import io.sentifuse.run.RunDir;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.train.EpochStats;
import io.sentifuse.train.IterationStats;
import io.sentifuse.train.MetricsWriter;
import io.sentifuse.train.RunEnded;
import io.sentifuse.train.RunStarted;
import io.sentifuse.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A plausible stream of training events (falling loss, rising accuracy, warm-up + cosine learning rate,
 * sampled update ratios) for tests and the screenshot demo, with every value it sent kept for assertions.
 */
final class SyntheticTraining {

    static final Map<String, Long> PARAMETERS = params();

    private final Random random;
    private final String name;
    private final String head;
    private final int epochs;
    private final int iterationsPerEpoch;
    private final long stepMillis;
    final List<IterationStats> sentIterations = new ArrayList<>();
    final List<EpochStats> sentEpochs = new ArrayList<>();

    SyntheticTraining(long seed, int epochs, int iterationsPerEpoch, long stepMillis) {
        this(seed, "synthetic-ote", "ote", epochs, iterationsPerEpoch, stepMillis);
    }

    SyntheticTraining(long seed, String name, String head, int epochs, int iterationsPerEpoch, long stepMillis) {
        this.random = Seeds.of(seed).random("synthetic-training");
        this.name = name;
        this.head = head;
        this.epochs = epochs;
        this.iterationsPerEpoch = iterationsPerEpoch;
        this.stepMillis = stepMillis;
    }

    private static Map<String, Long> params() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("ote/text_proj/W", 384L * 64);
        m.put("ote/text_proj/b", 64L);
        m.put("ote/image_proj/W", 1280L * 64);
        m.put("ote/encoder/attn_qkv/W", 64L * 192);
        m.put("ote/encoder/ffn_1/W", 64L * 256);
        m.put("ote/classifier/W", 128L * 3);
        return m;
    }

    RunStarted start(Path runDir) {
        return new RunStarted(runDir, name, head, epochs, iterationsPerEpoch, 0, 0, PARAMETERS);
    }

    /**
     * Writes the run into {@code runDir} as a training run leaves it: {@code config.yaml} (name, head, epochs),
     * and through the trainer's own {@link MetricsWriter} {@code iterations.jsonl}, {@code metrics.jsonl} and
     * the provenance section it records.
     */
    void record(Path runDir) throws IOException, InterruptedException {
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve(RunDir.CONFIG_FILE), ConfigWriter.toYaml(ConfigLoader.defaults(
                List.of("name=" + name, "fusion.head=" + head, "training.epochs=" + epochs))));
        Map<String, Object> provenance = new LinkedHashMap<>();
        try (MetricsWriter writer = new MetricsWriter(runDir, (section, value) -> {
            provenance.put(section, value);
            Json.write(runDir.resolve(RunDir.PROVENANCE_FILE), provenance);
        })) {
            run(runDir, writer);
        }
    }

    /** Sends the whole run to {@code listener}, sleeping {@code stepMillis} per step (0: as fast as possible). */
    void run(Path runDir, TrainingListener listener) throws InterruptedException {
        listener.onStart(start(runDir));
        long iteration = 0;
        int best = -1;
        double bestF1 = -1;
        for (int epoch = 0; epoch < epochs; epoch++) {
            double lossSum = 0;
            for (int step = 0; step < iterationsPerEpoch; step++) {
                iteration++;
                IterationStats s = iteration(iteration, epoch);
                lossSum += s.loss();
                sentIterations.add(s);
                listener.onIteration(s);
                if (stepMillis > 0) {
                    Thread.sleep(stepMillis);
                }
            }
            double progress = (epoch + 1.0) / epochs;
            double acc = 0.52 + 0.22 * (1 - Math.exp(-3 * progress)) + 0.01 * random.nextGaussian();
            double wf1 = acc - 0.015 + 0.005 * random.nextGaussian();
            double mf1 = wf1 - 0.09 + 0.01 * random.nextGaussian();
            boolean isBest = wf1 > bestF1;
            if (isBest) {
                bestF1 = wf1;
                best = epoch;
            }
            EpochStats e = new EpochStats(epoch, iteration, lossSum / iterationsPerEpoch,
                    Map.of("loss", 1.0 - 0.35 * progress + 0.02 * random.nextGaussian(), "accuracy", acc,
                            "weighted_f1", wf1, "macro_f1", mf1),
                    isBest, iterationsPerEpoch * stepMillis / 1000.0 + 0.2, System.currentTimeMillis());
            sentEpochs.add(e);
            listener.onEpoch(e);
        }
        listener.onEnd(new RunEnded("completed", epochs, best));
    }

    private IterationStats iteration(long iteration, int epoch) {
        long total = (long) epochs * iterationsPerEpoch;
        double t = iteration / (double) total;
        double lr = 1e-3 * Math.min(1.0, iteration / (0.1 * total)) * 0.5 * (1 + Math.cos(Math.PI * t));
        double loss = 0.62 + 0.5 * Math.exp(-4 * t) + 0.08 * Math.abs(random.nextGaussian());
        Map<String, Double> ratios = new LinkedHashMap<>();
        Map<String, Double> norms = new LinkedHashMap<>();
        if (iteration % 5 == 1) {
            int k = 0;
            for (String p : PARAMETERS.keySet()) {
                k++;
                ratios.put(p, lr * (0.6 + 0.25 * k) * Math.exp(0.15 * random.nextGaussian()) + 1e-7);
                norms.put(p, 2.0 + k);
            }
        }
        return new IterationStats(iteration, epoch, loss, Map.of("head", lr),
                1.5 * Math.exp(-2 * t) + 0.3 + 0.1 * random.nextGaussian(), ratios, norms, 16,
                Math.max(1, stepMillis), System.currentTimeMillis());
    }
}
