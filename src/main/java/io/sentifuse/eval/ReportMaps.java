package io.sentifuse.eval;

import io.sentifuse.data.Label;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report as flat {@code name -> number} entries (what {@link io.sentifuse.train.EpochStats#validation()}
 * carries to listeners) and back as nested JSON-ready maps. Keys: {@value #LOSS}, {@value #ACCURACY},
 * {@value #WEIGHTED_F1}, {@value #MACRO_F1}, {@code <class>_precision|recall|f1|support} and
 * {@code confusion_<true class>_<predicted class>} with class words ({@code negative}, ...).
 */
public final class ReportMaps {

    public static final String LOSS = "loss";
    public static final String ACCURACY = "accuracy";
    public static final String WEIGHTED_F1 = "weighted_f1";
    public static final String MACRO_F1 = "macro_f1";

    private ReportMaps() {
    }

    public static Map<String, Double> flatten(ClassificationReport r, double loss) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(LOSS, loss);
        out.put(ACCURACY, r.accuracy());
        out.put(WEIGHTED_F1, r.weightedF1());
        out.put(MACRO_F1, r.macroF1());
        for (ClassMetrics c : r.perClass()) {
            out.put(c.label() + "_precision", c.precision());
            out.put(c.label() + "_recall", c.recall());
            out.put(c.label() + "_f1", c.f1());
            out.put(c.label() + "_support", (double) c.support());
        }
        long[][] m = r.confusion();
        for (int t = 0; t < m.length; t++) {
            for (int p = 0; p < m.length; p++) {
                out.put("confusion_" + r.perClass().get(t).label() + "_" + r.perClass().get(p).label(), (double) m[t][p]);
            }
        }
        return out;
    }

    /**
     * The flat entries as {@code {loss, accuracy, weighted_f1, macro_f1, per_class: {class: {precision,
     * recall, f1, support}}, confusion: [[...]]}} (rows = true class, columns = predicted, class-index order).
     */
    public static Map<String, Object> nest(Map<String, Double> flat) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : List.of(LOSS, ACCURACY, WEIGHTED_F1, MACRO_F1)) {
            out.put(k, flat.get(k));
        }
        Map<String, Object> perClass = new LinkedHashMap<>();
        List<List<Long>> confusion = new ArrayList<>();
        for (Label t : Label.values()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("precision", flat.get(t.word() + "_precision"));
            c.put("recall", flat.get(t.word() + "_recall"));
            c.put("f1", flat.get(t.word() + "_f1"));
            c.put("support", flat.get(t.word() + "_support") == null ? null
                    : flat.get(t.word() + "_support").longValue());
            perClass.put(t.word(), c);
            List<Long> row = new ArrayList<>();
            for (Label p : Label.values()) {
                Double v = flat.get("confusion_" + t.word() + "_" + p.word());
                row.add(v == null ? null : v.longValue());
            }
            confusion.add(row);
        }
        out.put("per_class", perClass);
        out.put("confusion", confusion);
        return out;
    }
}
