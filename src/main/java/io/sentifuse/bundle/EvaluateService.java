package io.sentifuse.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.sentifuse.data.Label;
import io.sentifuse.data.Problem;
import io.sentifuse.data.Split;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.eval.ClassMetrics;
import io.sentifuse.eval.ClassificationReport;
import io.sentifuse.eval.Metrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code sentifuse evaluate}: a model bundle on every usable labelled pair of a dataset (or one part of a split
 * file): accuracy, weighted and macro F1, per-class figures and the confusion matrix. How anyone checks a model on
 * data it never saw.
 */
public final class EvaluateService {

    private EvaluateService() {
    }

    /**
     * The figures.
     *
     * @param model      the bundle
     * @param sha256     its SHA-256
     * @param data       the dataset
     * @param part       the split part evaluated, or null for every pair
     * @param pairs      pairs evaluated
     * @param accuracy   accuracy
     * @param weightedF1 weighted F1
     * @param macroF1    macro F1
     * @param perClass   precision, recall, F1 and support per class
     * @param confusion  {@code [true][predicted]}, class order as {@code classes}
     * @param classes    the label order
     * @param skipped    pairs left out, with their problem
     */
    @JsonPropertyOrder({"model", "sha256", "data", "part", "pairs", "accuracy", "weighted_f1", "macro_f1", "per_class",
            "confusion", "classes", "skipped"})
    public record Result(
            @JsonProperty("model") String model,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("data") String data,
            @JsonProperty("part") String part,
            @JsonProperty("pairs") long pairs,
            @JsonProperty("accuracy") double accuracy,
            @JsonProperty("weighted_f1") double weightedF1,
            @JsonProperty("macro_f1") double macroF1,
            @JsonProperty("per_class") List<ClassMetrics> perClass,
            @JsonProperty("confusion") long[][] confusion,
            @JsonProperty("classes") List<String> classes,
            @JsonProperty("skipped") List<Problem> skipped) {
    }

    public static Result run(Path model, Path data, String format, Path splitFile, String part) {
        if ((splitFile == null) != (part == null)) {
            throw new UserInputException("--split and --part go together: name the split file and the part of it");
        }
        try (Predictor predictor = Predictor.open(model)) {
            // only the part's pairs are read and encoded: a 400-pair test part of MVSA-Single costs a tenth of the set
            List<String> wanted = splitFile == null ? null : Split.read(splitFile).ids(part);
            List<Integer> truth = new ArrayList<>();
            List<Integer> predicted = new ArrayList<>();
            List<String> unlabelled = new ArrayList<>();
            Consumer<Prediction> collect = p -> {
                if (p.trueLabel() == null) {
                    unlabelled.add(p.id());
                    return;
                }
                truth.add(Label.parse(p.trueLabel()).orElseThrow().index());
                predicted.add(Label.parse(p.label()).orElseThrow().index());
            };
            PredictService.Summary s = PredictService.data(predictor, data, format, false, Integer.MAX_VALUE, wanted,
                    collect);
            if (!unlabelled.isEmpty()) {
                throw new UserInputException(data + ": " + unlabelled.size() + " pairs have no label (e.g. "
                        + unlabelled.get(0) + "); evaluate needs labelled pairs (predict takes unlabelled ones)");
            }
            if (truth.isEmpty()) {
                throw new UserInputException(data + ": no labelled pair to evaluate" + (part == null ? ""
                        : " in part '" + part + "' of " + splitFile));
            }
            ClassificationReport r = Metrics.of(truth.stream().mapToInt(Integer::intValue).toArray(),
                    predicted.stream().mapToInt(Integer::intValue).toArray());
            return new Result(model.toString(), predictor.sha256(), data.toString(), part, r.examples(), r.accuracy(),
                    r.weightedF1(), r.macroF1(), r.perClass(), r.confusion(), predictor.manifest().classes(),
                    s.skipped());
        }
    }
}
