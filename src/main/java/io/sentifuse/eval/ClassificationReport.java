package io.sentifuse.eval;

import java.util.List;

/**
 * Every figure of one evaluation.
 *
 * @param examples   number of examples evaluated
 * @param accuracy   fraction of examples predicted correctly
 * @param weightedF1 per-class F1 averaged with the class supports as weights (sklearn {@code average='weighted'})
 * @param macroF1    unweighted mean of the per-class F1 over all classes (sklearn {@code average='macro'})
 * @param perClass   one entry per class, in class-index order
 * @param confusion  {@code confusion[true][predicted]} counts
 */
public record ClassificationReport(long examples, double accuracy, double weightedF1, double macroF1,
                                   List<ClassMetrics> perClass, long[][] confusion) {

    public ClassificationReport {
        perClass = List.copyOf(perClass);
        confusion = copy(confusion);
    }

    @Override
    public long[][] confusion() {
        return copy(confusion);
    }

    private static long[][] copy(long[][] m) {
        long[][] out = new long[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }
}
