package io.sentifuse.eval;

import io.sentifuse.model.BatchSource;
import io.sentifuse.model.LabelledBatch;
import io.sentifuse.model.TrainableModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A model's predictions on a whole part and their figures.
 *
 * @param report        accuracy, F1s, per-class figures, confusion matrix
 * @param loss          mean negative log-likelihood of the model's prediction (no class weights)
 * @param ids           example ids in part order (examples a pass skipped are absent)
 * @param truth         true class per example
 * @param predicted     predicted class per example (argmax of the probabilities)
 * @param probabilities class probabilities per example
 */
public record Evaluation(ClassificationReport report, double loss, List<String> ids, int[] truth, int[] predicted,
                         float[][] probabilities) {

    /** Runs {@code model} over one in-order pass of {@code part} in batches of {@code batchSize}, dropout off. */
    public static <B extends LabelledBatch> Evaluation of(TrainableModel<B> model, BatchSource<B> part, int batchSize) {
        List<float[]> probabilities = new ArrayList<>(part.size());
        List<Integer> truth = new ArrayList<>(part.size());
        List<String> ids = new ArrayList<>(part.size());
        double nll = 0;
        Iterator<B> batches = part.pass(batchSize, BatchSource.IN_ORDER);
        while (batches.hasNext()) {
            try (B batch = batches.next()) {
                TrainableModel.Predictions p = model.predict(batch);
                for (int i = 0; i < batch.size(); i++) {
                    probabilities.add(p.probabilities()[i]);
                    truth.add(batch.labels()[i]);
                    nll += p.nll()[i];
                    ids.add(batch.ids()[i]);
                }
            }
        }
        int n = probabilities.size();
        float[][] probs = probabilities.toArray(new float[0][]);
        int[] t = truth.stream().mapToInt(Integer::intValue).toArray();
        int[] predicted = Metrics.argmax(probs);
        return new Evaluation(Metrics.of(t, predicted), n == 0 ? Double.NaN : nll / n, List.copyOf(ids), t, predicted,
                probs);
    }
}
