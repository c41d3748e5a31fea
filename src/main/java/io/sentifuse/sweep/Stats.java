package io.sentifuse.sweep;

import java.util.List;

/** Mean and sample standard deviation, as every multi-seed figure of the project reports them. */
public final class Stats {

    private Stats() {
    }

    /** {@code [mean, sd]} of {@code values}; sd is the sample (n - 1) standard deviation, 0 for one value. */
    public static double[] meanSd(List<Double> values) {
        if (values.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.size();
        if (values.size() == 1) {
            return new double[] {mean, 0};
        }
        double sq = 0;
        for (double v : values) {
            sq += (v - mean) * (v - mean);
        }
        return new double[] {mean, Math.sqrt(sq / (values.size() - 1))};
    }
}
