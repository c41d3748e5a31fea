package io.sentifuse.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.sentifuse.eval.ClassMetrics;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@code sentifuse train} ({@code --json} prints it as one line).
 *
 * @param runDir          the run folder
 * @param name            the run name
 * @param head            the fusion head
 * @param epochsRun       epochs finished in total
 * @param epochs          epochs configured
 * @param bestEpoch       0-based best epoch, as in metrics.jsonl and the checkpoint folder names (text output
 *                        counts from 1)
 * @param stopReason      "completed" or "early-stopped"
 * @param selectMetric    the metric that chose the best epoch
 * @param val             the best epoch's validation figures
 * @param perClass        the best epoch's per-class validation figures
 * @param confusion       its validation confusion matrix, {@code [true][predicted]}
 * @param test            the best epoch's model on the test part, when the protocol has one (standard), else null
 * @param trainExamples   training examples
 * @param valExamples     validation examples
 * @param parameters      trainable parameter values
 * @param resumed         whether this invocation continued an earlier one
 * @param seconds         wall time of this invocation
 */
public record TrainingResult(
        @JsonProperty("run_dir") @JsonSerialize(using = ToStringSerializer.class) Path runDir,
        @JsonProperty("name") String name,
        @JsonProperty("head") String head,
        @JsonProperty("epochs_run") int epochsRun,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("best_epoch") int bestEpoch,
        @JsonProperty("stop_reason") String stopReason,
        @JsonProperty("select_metric") String selectMetric,
        @JsonProperty("val") Figures val,
        @JsonProperty("per_class") List<ClassMetrics> perClass,
        @JsonProperty("confusion") long[][] confusion,
        @JsonProperty("test") Figures test,
        @JsonProperty("train_examples") int trainExamples,
        @JsonProperty("val_examples") int valExamples,
        @JsonProperty("parameters") long parameters,
        @JsonProperty("resumed") boolean resumed,
        @JsonProperty("seconds") double seconds) {

    /** Headline validation figures. */
    public record Figures(@JsonProperty("accuracy") double accuracy, @JsonProperty("weighted_f1") double weightedF1,
                          @JsonProperty("macro_f1") double macroF1, @JsonProperty("loss") double loss) {
    }
}
