package io.sentifuse.train;

import io.sentifuse.data.Label;
import io.sentifuse.features.FeatureDims;
import io.sentifuse.features.FeatureKind;
import io.sentifuse.features.InMemoryFeatureSet;
import java.util.EnumSet;
import java.util.Random;

/**
 * Random frozen features with the shapes of a real run, for timing training steps: Gaussian values and text
 * lengths drawn like all-MiniLM-L6-v2's token counts on MVSA-Single's texts ([CLS] and [SEP] included:
 * median 29, mean 31, 90th percentile 48, longest 128; the longest text of a random batch of 16 is 45-63 tokens
 * for 80% of batches), so a batch's token axis varies from step to step as it does in training.
 */
final class BenchmarkFeatures {

    /** A log-normal with this median and spread matches the MVSA-Single token counts above. */
    static final double MEDIAN_TOKENS = 28;
    private static final double LOG_SPREAD = 0.4;
    private static final int SHORTEST = 3;
    /** Distinct region arrays; examples share them (regions do not change the step's work, only memory). */
    private static final int REGION_ARRAYS = 8;

    private BenchmarkFeatures() {
    }

    /** {@code examples} random examples of {@code dims} ({@code dims.maxTokens()} caps the text lengths). */
    static InMemoryFeatureSet generate(int examples, FeatureDims dims, double medianTokens, Random rng) {
        InMemoryFeatureSet.Builder set = InMemoryFeatureSet.builder(dims, EnumSet.allOf(FeatureKind.class));
        float[][] regions = new float[REGION_ARRAYS][];
        for (int i = 0; i < regions.length; i++) {
            regions[i] = gaussian(rng, dims.regions() * dims.imageDim());
        }
        for (int i = 0; i < examples; i++) {
            int tokens = tokens(rng, medianTokens, dims.maxTokens());
            set.add(String.format("bench-%05d", i), Label.ofIndex(rng.nextInt(Label.COUNT)),
                    gaussian(rng, dims.textDim()), gaussian(rng, tokens * dims.textDim()),
                    gaussian(rng, dims.imageDim()), regions[i % regions.length]);
        }
        return set.build();
    }

    /** One text's length: log-normal around {@code median}, within [{@value #SHORTEST}, {@code longest}]. */
    static int tokens(Random rng, double median, int longest) {
        long n = Math.round(median * Math.exp(LOG_SPREAD * rng.nextGaussian()));
        return (int) Math.max(Math.min(SHORTEST, longest), Math.min(longest, n));
    }

    private static float[] gaussian(Random rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }
}
