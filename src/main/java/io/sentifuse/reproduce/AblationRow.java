package io.sentifuse.reproduce;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One row of the ablation table: a lever measured on one head, under each protocol run (mean ± sd over seeds, as
 * in the reproduction table), and its change from its group's baseline on the same head.
 *
 * @param group      what the lever changes
 * @param lever      the lever's name
 * @param model      the head
 * @param set        the lever's overrides
 * @param paper      the paper-protocol row (validation figures of the best epoch), or null when not run
 * @param standard   the standard-protocol row (test figures), or null when not run
 * @param paperDelta paper-protocol accuracy minus the group baseline's on this head, points; null for the baseline
 *                   itself or without one
 */
@JsonPropertyOrder({"group", "lever", "model", "set", "paper", "standard", "paper_delta"})
public record AblationRow(
        @JsonProperty("group") String group,
        @JsonProperty("lever") String lever,
        @JsonProperty("model") String model,
        @JsonProperty("set") List<String> set,
        @JsonProperty("paper") TableRow paper,
        @JsonProperty("standard") TableRow standard,
        @JsonProperty("paper_delta") Double paperDelta) {

    /** The CSV header, exactly. */
    public static final String CSV_HEADER = "group,lever,model,seeds,paper_acc_mean,paper_acc_sd,paper_wf1_mean,"
            + "paper_wf1_sd,paper_delta,standard_acc_mean,standard_acc_sd,standard_wf1_mean,standard_wf1_sd,"
            + "seconds_mean,overrides";

    public AblationRow {
        set = List.copyOf(set);
    }

    /** Seeds per protocol (the larger where both ran). */
    public int seeds() {
        return Math.max(paper == null ? 0 : paper.seeds(), standard == null ? 0 : standard.seeds());
    }

    /** Wall time of one run, mean over every run of the row. */
    public double secondsMean() {
        double sum = 0;
        int n = 0;
        for (TableRow r : new TableRow[] {paper, standard}) {
            if (r != null) {
                sum += r.secondsMean() * r.seeds();
                n += r.seeds();
            }
        }
        return n == 0 ? 0 : sum / n;
    }
}
