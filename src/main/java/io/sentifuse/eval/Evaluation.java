package io.sentifuse.eval;

import io.sentifuse.fusion.FusionModel;
import io.sentifuse.train.FeatureBatch;
import io.sentifuse.train.FeatureSet;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's predictions on a whole feature set and their figures.
 *
 * @param report        accuracy, F1s, per-class figures, confusion matrix
 * @param loss          mean negative log-likelihood of the model's prediction (no class weights)
 * @param ids           example ids in set order
 * @param truth         true class per example
 * @param predicted     predicted class per example (argmax of the probabilities)
 * @param probabilities class probabilities per example
 */
public record Evaluation(ClassificationReport report, double loss, List<String> ids, int[] truth, int[] predicted,
                         float[][] probabilities) {

    /** Runs {@code model} over {@code set} in batches of {@code batchSize}, dropout off. */
    public static Evaluation of(FusionModel model, FeatureSet set, int batchSize) {
        int n = set.size();
        float[][] probabilities = new float[n][];
        int[] truth = set.labelIndices();
        List<String> ids = new ArrayList<>(n);
        double nll = 0;
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            int[] idx = new int[end - start];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
            }
            try (FeatureBatch batch = set.batch(idx, model.inputs())) {
                FusionModel.Predictions p = model.predict(batch);
                for (int i = 0; i < idx.length; i++) {
                    probabilities[start + i] = p.probabilities()[i];
                    nll += p.nll()[i];
                    ids.add(batch.ids()[i]);
                }
            }
        }
        int[] predicted = Metrics.argmax(probabilities);
        return new Evaluation(Metrics.of(truth, predicted), n == 0 ? Double.NaN : nll / n, List.copyOf(ids), truth,
                predicted, probabilities);
    }
}
