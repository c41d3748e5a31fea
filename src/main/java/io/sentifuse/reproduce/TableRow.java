package io.sentifuse.reproduce;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.sentifuse.sweep.Stats;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the reproduction table: a model under a protocol, its figures as mean and sample sd over seeds, in
 * percent. Under the paper protocol the figures are the best validation epoch's (as the paper and the course
 * project report them: optimistic, the epoch is chosen on the figures themselves); under the standard protocol
 * they are the test part's, for the epoch chosen on the dev part.
 *
 * @param protocol    {@code paper} or {@code standard}
 * @param model       the model (fusion head, or a named variant such as {@code ote-finetuned})
 * @param seeds       seeds averaged
 * @param accMean     accuracy
 * @param accSd       its sd
 * @param wf1Mean     weighted F1
 * @param wf1Sd       its sd
 * @param mf1Mean     macro F1
 * @param mf1Sd       its sd
 * @param epochsMean  the chosen epoch (1-based), mean over seeds
 * @param secondsMean wall time of a run, mean over seeds
 * @param runDirs     the runs it averages
 */
@JsonPropertyOrder({"protocol", "model", "seeds", "acc_mean", "acc_sd", "wf1_mean", "wf1_sd", "mf1_mean", "mf1_sd",
        "epochs_mean", "seconds_mean", "run_dirs"})
public record TableRow(
        @JsonProperty("protocol") String protocol,
        @JsonProperty("model") String model,
        @JsonProperty("seeds") int seeds,
        @JsonProperty("acc_mean") double accMean,
        @JsonProperty("acc_sd") double accSd,
        @JsonProperty("wf1_mean") double wf1Mean,
        @JsonProperty("wf1_sd") double wf1Sd,
        @JsonProperty("mf1_mean") double mf1Mean,
        @JsonProperty("mf1_sd") double mf1Sd,
        @JsonProperty("epochs_mean") double epochsMean,
        @JsonProperty("seconds_mean") double secondsMean,
        @JsonProperty("run_dirs") List<String> runDirs) {

    /** The CSV header, exactly. */
    public static final String CSV_HEADER =
            "protocol,model,seeds,acc_mean,acc_sd,wf1_mean,wf1_sd,mf1_mean,mf1_sd,epochs_mean,seconds_mean";

    /** Per-seed figures of one row as they are gathered; {@link #row} turns them into mean ± sd. */
    static final class Seeds {
        private final List<Double> acc = new ArrayList<>();
        private final List<Double> wf1 = new ArrayList<>();
        private final List<Double> mf1 = new ArrayList<>();
        private final List<String> runDirs = new ArrayList<>();
        private double epochs;
        private double seconds;

        /** One seed's figures (fractions, as reports hold them) and what it cost. */
        void add(double accuracy, double weightedF1, double macroF1, double epochsSum, double secondsSum) {
            acc.add(100 * accuracy);
            wf1.add(100 * weightedF1);
            mf1.add(100 * macroF1);
            epochs += epochsSum;
            seconds += secondsSum;
        }

        /** A run folder the row averages. */
        void run(String dir) {
            runDirs.add(dir);
        }

        boolean isEmpty() {
            return acc.isEmpty();
        }

        /** Mean and sample sd of each figure; epochs and seconds as means per seed. */
        TableRow row(String protocol, String model) {
            double[] a = Stats.meanSd(acc);
            double[] w = Stats.meanSd(wf1);
            double[] m = Stats.meanSd(mf1);
            int n = acc.size();
            return new TableRow(protocol, model, n, a[0], a[1], w[0], w[1], m[0], m[1], epochs / n, seconds / n,
                    List.copyOf(runDirs));
        }
    }

    /** Whether the row's model reads both modalities. */
    public boolean multimodal() {
        return !model.equals("text-only") && !model.equals("image-only");
    }
}
