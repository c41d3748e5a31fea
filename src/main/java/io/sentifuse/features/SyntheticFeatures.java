package io.sentifuse.features;

import io.sentifuse.config.TrainingConfig.Synthetic;
import io.sentifuse.config.TrainingConfig.SyntheticTask;
import io.sentifuse.data.Label;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.seeds.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Generated feature sets whose label needs both modalities, for tests and demos of the fusion heads.
 *
 * <p>Each example has a text factor and an image factor. Token states and image regions are Gaussian noise
 * ({@code noise} sd); about half of an example's tokens (at least one) and half of its regions also carry
 * their factor's signal in the first {@value #SIGNAL_DIMS} dimensions. The remaining dimensions are
 * distractors: they carry a nuisance factor, unrelated to the label, in the same way. Pooled vectors are the
 * masked mean of the tokens and the mean of the regions, as the feature cache computes them.
 * <ul>
 *   <li>{@code xor}: factors are uniform in {0, 1, 2} (a random prototype vector each) and the label is
 *       {@code (text + image) mod 3}: either modality alone predicts it at chance (1/3), and a model whose
 *       class scores are a sum of a text term and an image term cannot represent it.</li>
 *   <li>{@code complementary}: the label (uniform) shows, as its prototype, in one modality per example, chosen
 *       at random; the other modality carries noise and the nuisance factor only. Either modality alone is
 *       right about 2/3 of the time (1/2 + 1/2 x 1/3); a model that weighs the two sums of evidence, as
 *       late fusion does, can be right almost always.</li>
 * </ul>
 */
public final class SyntheticFeatures {

    /** Leading dimensions that carry the label factors; the rest carry the nuisance factor. */
    public static final int SIGNAL_DIMS = 4;
    /** Scale of prototype vectors relative to unit-variance noise. */
    private static final double SIGNAL_SCALE = 2.0;

    private SyntheticFeatures() {
    }

    /** Train and validation parts generated from {@code spec}, reproducible from {@code seeds}. */
    public static FeatureSplits generate(Synthetic spec, Seeds seeds) {
        check(spec);
        Random rng = seeds.random("synthetic-data");
        int dt = spec.textDim();
        int di = spec.imageDim();
        double[][] textProto = prototypes(rng, dt);
        double[][] imageProto = prototypes(rng, di);
        double[][] textNuisance = prototypes(rng, dt);
        double[][] imageNuisance = prototypes(rng, di);
        double[] textSilent = new double[dt];
        double[] imageSilent = new double[di];

        FeatureDims dims = new FeatureDims(dt, di, spec.tokens(), spec.regions());
        int n = spec.examples();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, seeds.random("synthetic-split"));
        int validation = (int) Math.round(n * spec.validationFraction());
        boolean[] isValidation = new boolean[n];
        for (int i = 0; i < validation; i++) {
            isValidation[order.get(i)] = true;
        }
        InMemoryFeatureSet.Builder train = InMemoryFeatureSet.builder(dims, EnumSet.allOf(FeatureKind.class));
        InMemoryFeatureSet.Builder val = InMemoryFeatureSet.builder(dims, EnumSet.allOf(FeatureKind.class));
        for (int i = 0; i < n; i++) {
            double[] textSignal;
            double[] imageSignal;
            Label label;
            if (spec.task() == SyntheticTask.XOR) {
                int a = rng.nextInt(3);
                int b = rng.nextInt(3);
                textSignal = textProto[a];
                imageSignal = imageProto[b];
                label = Label.ofIndex((a + b) % 3);
            } else {
                int y = rng.nextInt(3);
                boolean inText = rng.nextBoolean();
                textSignal = inText ? textProto[y] : textSilent;
                imageSignal = inText ? imageSilent : imageProto[y];
                label = Label.ofIndex(y);
            }
            int tokens = spec.tokens() / 2 + rng.nextInt(spec.tokens() - spec.tokens() / 2) + 1;
            tokens = Math.min(tokens, spec.tokens());
            float[] tokenStates = vectors(rng, tokens, dt, textSignal, textNuisance[rng.nextInt(3)], spec.noise());
            float[] regions = vectors(rng, spec.regions(), di, imageSignal, imageNuisance[rng.nextInt(3)],
                    spec.noise());
            (isValidation[i] ? val : train).add(String.format("syn-%06d", i), label, mean(tokenStates, dt),
                    tokenStates, mean(regions, di), regions);
        }
        Map<String, Object> synthetic = new LinkedHashMap<>();
        synthetic.put("task", spec.task().name().toLowerCase(java.util.Locale.ROOT));
        synthetic.put("examples", n);
        synthetic.put("seed", seeds.root());
        // one provenance section, like the feature cache's dataset / split / *_features sections
        return new FeatureSplits(train.build(), val.build(), Optional.empty(), Map.of("synthetic_data", synthetic));
    }

    private static void check(Synthetic spec) {
        if (spec.examples() < 10 || spec.textDim() <= SIGNAL_DIMS || spec.imageDim() <= SIGNAL_DIMS
                || spec.tokens() < 1 || spec.regions() < 1 || spec.noise() < 0
                || spec.validationFraction() <= 0 || spec.validationFraction() >= 1) {
            throw new UserInputException("training.synthetic: need examples >= 10, text_dim and "
                    + "image_dim > " + SIGNAL_DIMS + ", tokens and regions >= 1, noise >= 0 and 0 < "
                    + "validation_fraction < 1; got " + spec);
        }
    }

    /** Three random vectors over the signal dims (label factors) and, separately, over the rest (nuisance). */
    private static double[][] prototypes(Random rng, int dim) {
        double[][] out = new double[3][dim];
        for (double[] p : out) {
            for (int j = 0; j < dim; j++) {
                p[j] = SIGNAL_SCALE * rng.nextGaussian() / Math.sqrt(2);
            }
        }
        return out;
    }

    /** {@code count} rows: noise everywhere, signal (leading dims) and nuisance (other dims) on about half of them. */
    private static float[] vectors(Random rng, int count, int dim, double[] signal, double[] nuisance, double noise) {
        float[] out = new float[count * dim];
        int forced = rng.nextInt(count);
        for (int r = 0; r < count; r++) {
            boolean carries = r == forced || rng.nextBoolean();
            for (int j = 0; j < dim; j++) {
                double v = noise * rng.nextGaussian();
                if (carries) {
                    v += j < SIGNAL_DIMS ? signal[j] : nuisance[j];
                }
                out[r * dim + j] = (float) v;
            }
        }
        return out;
    }

    private static float[] mean(float[] rows, int dim) {
        int count = rows.length / dim;
        float[] out = new float[dim];
        for (int r = 0; r < count; r++) {
            for (int j = 0; j < dim; j++) {
                out[j] += rows[r * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            out[j] /= count;
        }
        return out;
    }
}
