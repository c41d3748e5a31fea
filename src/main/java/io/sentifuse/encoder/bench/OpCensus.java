package io.sentifuse.encoder.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.sentifuse.encoder.onnx.OnnxTranslator;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * {@code bench ops}: what the translator's rewrites ({@link TranslationOptions#fuse}) do to a model's graph, as op
 * counts: the SameDiff ops of the translation without them and with them (as every encoder is built), in all and by
 * op type. Per-op dispatch dominates SameDiff's forward time on these models, so the count is the figure a rewrite
 * moves first; its parity with ONNX Runtime is checked where the graph is built (import verification).
 */
public final class OpCensus {

    /**
     * @param model          the model's name
     * @param onnxNodes      nodes of its ONNX graph
     * @param opsPlain       SameDiff ops translated without rewrites
     * @param opsRewritten   SameDiff ops with the rewrites (the graph encoders run)
     * @param plain          ops by type without rewrites, most frequent first
     * @param rewritten      ops by type with the rewrites, most frequent first
     */
    @JsonPropertyOrder({"model", "onnx_nodes", "ops_plain", "ops_rewritten", "changes", "plain", "rewritten"})
    public record Result(@JsonProperty("model") String model, @JsonProperty("onnx_nodes") int onnxNodes,
                         @JsonProperty("ops_plain") int opsPlain, @JsonProperty("ops_rewritten") int opsRewritten,
                         @JsonProperty("plain") Map<String, Integer> plain,
                         @JsonProperty("rewritten") Map<String, Integer> rewritten) {

        /** The op types whose count the rewrites changed, as {@code type before->after}, largest change first. */
        @JsonProperty("changes")
        public List<String> changes() {
            Map<String, int[]> both = new TreeMap<>();
            plain.forEach((k, v) -> both.computeIfAbsent(k, x -> new int[2])[0] = v);
            rewritten.forEach((k, v) -> both.computeIfAbsent(k, x -> new int[2])[1] = v);
            return both.entrySet().stream().filter(e -> e.getValue()[0] != e.getValue()[1])
                    .sorted(Comparator.comparingInt((Map.Entry<String, int[]> e) ->
                            -Math.abs(e.getValue()[0] - e.getValue()[1])).thenComparing(Map.Entry::getKey))
                    .map(e -> e.getKey() + " " + e.getValue()[0] + "->" + e.getValue()[1]).toList();
        }
    }

    /**
     * What {@code bench ops} prints: the models' censuses under one translator version.
     *
     * @param translator the translator version that translated them
     * @param models     one census per model
     */
    @JsonPropertyOrder({"translator", "models"})
    public record Census(@JsonProperty("translator") int translator, @JsonProperty("models") List<Result> models) {

        public Census {
            models = List.copyOf(models);
        }

        public static Census of(List<Result> models) {
            return new Census(OnnxTranslator.VERSION, models);
        }
    }

    private OpCensus() {
    }

    /** Translates {@code model} both ways, weights as {@code weights} (as its encoder runs it), and counts. */
    public static Result of(String name, OnnxModel model, TranslationOptions.Weights weights) {
        OnnxTranslator translator = new OnnxTranslator();
        TranslationOptions options = TranslationOptions.defaults().withWeights(weights);
        Map<String, Integer> plain = count(translator.translate(model, options.withFusion(false)).sd());
        Map<String, Integer> rewritten = count(translator.translate(model, options).sd());
        return new Result(name, model.graph().getNodeCount(), total(plain), total(rewritten), plain, rewritten);
    }

    static Map<String, Integer> count(SameDiff sd) {
        Map<String, Integer> counts = new TreeMap<>();
        for (DifferentialFunction op : sd.ops()) {
            counts.merge(op.opName(), 1, Integer::sum);
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
