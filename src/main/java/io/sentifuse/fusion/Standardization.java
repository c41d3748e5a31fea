package io.sentifuse.fusion;

import io.sentifuse.features.FeatureKind;
import io.sentifuse.features.FeatureSet;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Per-dimension mean and standard deviation of frozen features, measured on the training part only and
 * stored with the model. Frozen encoder features have very different scales per dimension (the reference
 * logistic-regression baselines needed standardised inputs); heads see {@code (x - mean) / std}. Token
 * statistics count real tokens only. A dimension with (near) zero spread keeps std 1.
 *
 * @param mean per kind, one value per feature dimension
 * @param std  per kind, one value per feature dimension
 */
public record Standardization(Map<FeatureKind, float[]> mean, Map<FeatureKind, float[]> std) {

    private static final double MIN_STD = 1e-6;

    public Standardization {
        mean = Map.copyOf(mean);
        std = Map.copyOf(std);
    }

    /** No standardisation. */
    public static Standardization none() {
        return new Standardization(Map.of(), Map.of());
    }

    public boolean covers(FeatureKind kind) {
        return mean.containsKey(kind);
    }

    /**
     * Statistics of {@code kinds} over every example of {@code train}, read vector by vector
     * ({@link FeatureSet#forEachExample}): building padded batch arrays for it cost a head on token states and
     * regions about 9 s per run, mostly native allocation.
     */
    public static Standardization fit(FeatureSet train, Set<FeatureKind> kinds) {
        Map<FeatureKind, double[]> sum = new EnumMap<>(FeatureKind.class);
        Map<FeatureKind, double[]> sumSq = new EnumMap<>(FeatureKind.class);
        Map<FeatureKind, Long> count = new EnumMap<>(FeatureKind.class);
        for (FeatureKind kind : kinds) {
            long[] n = {0};
            train.forEachExample(kind, (values, rows, width) -> {
                double[] s = sum.computeIfAbsent(kind, k -> new double[width]);
                double[] s2 = sumSq.computeIfAbsent(kind, k -> new double[width]);
                for (int row = 0; row < rows; row++) {
                    for (int j = 0; j < width; j++) {
                        double v = values[row * width + j];
                        s[j] += v;
                        s2[j] += v * v;
                    }
                }
                n[0] += rows;
            });
            count.put(kind, n[0]);
        }
        Map<FeatureKind, float[]> mean = new EnumMap<>(FeatureKind.class);
        Map<FeatureKind, float[]> std = new EnumMap<>(FeatureKind.class);
        for (FeatureKind kind : kinds) {
            double[] s = sum.get(kind);
            double[] s2 = sumSq.get(kind);
            long n = Math.max(1, count.get(kind));
            float[] m = new float[s.length];
            float[] sd = new float[s.length];
            for (int j = 0; j < s.length; j++) {
                double mu = s[j] / n;
                double var = Math.max(0, s2[j] / n - mu * mu);
                m[j] = (float) mu;
                sd[j] = (float) (Math.sqrt(var) < MIN_STD ? 1.0 : Math.sqrt(var));
            }
            mean.put(kind, m);
            std.put(kind, sd);
        }
        return new Standardization(mean, std);
    }

    /** The statistics to store, keyed {@code standardize/<kind>/mean|std}. */
    public Map<String, float[]> asArrays() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (FeatureKind kind : FeatureKind.values()) {
            if (covers(kind)) {
                out.put(key(kind, "mean"), mean.get(kind));
                out.put(key(kind, "std"), std.get(kind));
            }
        }
        return out;
    }

    /** The inverse of {@link #asArrays()}. */
    public static Standardization fromArrays(Map<String, float[]> arrays) {
        Map<FeatureKind, float[]> mean = new EnumMap<>(FeatureKind.class);
        Map<FeatureKind, float[]> std = new EnumMap<>(FeatureKind.class);
        for (FeatureKind kind : FeatureKind.values()) {
            if (arrays.containsKey(key(kind, "mean"))) {
                mean.put(kind, arrays.get(key(kind, "mean")));
                std.put(kind, arrays.get(key(kind, "std")));
            }
        }
        return new Standardization(mean, std);
    }

    static String key(FeatureKind kind, String what) {
        return "standardize/" + kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + what;
    }
}
