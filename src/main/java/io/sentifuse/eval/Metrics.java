package io.sentifuse.eval;

import io.sentifuse.data.Label;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes a {@link ClassificationReport} from true and predicted class indices. Every class of
 * {@link Label} is reported, also one absent from both the truth and the predictions (its figures are 0 and,
 * as in scikit-learn when {@code labels} lists it, it still counts in the macro average).
 */
public final class Metrics {

    private Metrics() {
    }

    /** The report for the sentiment classes of {@link Label}. */
    public static ClassificationReport of(int[] truth, int[] predicted) {
        List<String> names = new ArrayList<>();
        for (Label l : Label.values()) {
            names.add(l.word());
        }
        return of(truth, predicted, names);
    }

    /** The report for classes {@code 0 .. classNames.size()-1}. */
    public static ClassificationReport of(int[] truth, int[] predicted, List<String> classNames) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " entries but predictions "
                    + predicted.length);
        }
        int k = classNames.size();
        long[][] confusion = new long[k][k];
        for (int i = 0; i < truth.length; i++) {
            check(truth[i], k, "true class", i);
            check(predicted[i], k, "predicted class", i);
            confusion[truth[i]][predicted[i]]++;
        }
        long n = truth.length;
        long correct = 0;
        for (int c = 0; c < k; c++) {
            correct += confusion[c][c];
        }
        List<ClassMetrics> perClass = new ArrayList<>(k);
        double weighted = 0;
        double macro = 0;
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            long support = 0;
            long predictedAs = 0;
            for (int j = 0; j < k; j++) {
                support += confusion[c][j];
                predictedAs += confusion[j][c];
            }
            double precision = ratio(tp, predictedAs);
            double recall = ratio(tp, support);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.add(new ClassMetrics(classNames.get(c), precision, recall, f1, support));
            weighted += f1 * support;
            macro += f1;
        }
        return new ClassificationReport(n, ratio(correct, n), n == 0 ? 0 : weighted / n, k == 0 ? 0 : macro / k,
                perClass, confusion);
    }

    /** Index of the largest value in each row of {@code probabilities} ({@code [n][classes]}); ties go to the lower index. */
    public static int[] argmax(float[][] probabilities) {
        int[] out = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            float[] row = probabilities[i];
            int best = 0;
            for (int c = 1; c < row.length; c++) {
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0.0 : (double) a / b;
    }

    private static void check(int cls, int k, String what, int index) {
        if (cls < 0 || cls >= k) {
            throw new IllegalArgumentException(what + " " + cls + " at position " + index + " is outside 0.." + (k - 1));
        }
    }
}
