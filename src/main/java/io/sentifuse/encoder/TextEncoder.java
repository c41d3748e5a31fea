package io.sentifuse.encoder;

import io.sentifuse.system.SessionArrays;
import io.sentifuse.cache.CacheRoot;
import io.sentifuse.config.OutputConfig;
import io.sentifuse.config.TextConfig;
import io.sentifuse.encoder.cache.CacheEntry;
import io.sentifuse.encoder.cache.GraphCache;
import io.sentifuse.encoder.onnx.OnnxTranslator;
import io.sentifuse.encoder.onnx.Translation;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.ModelVerifier;
import io.sentifuse.encoder.verify.TextSignature;
import io.sentifuse.encoder.verify.VerificationReport;
import io.sentifuse.errors.UserInputException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A BERT-family text encoder (BERT, RoBERTa, MiniLM exported to ONNX), translated to SameDiff and verified
 * against ONNX Runtime. Standalone it computes features for a {@link TokenTensors}: token states [B, T, H], the
 * [CLS] state and the masked mean, and the pooled vector {@link TextConfig#pooling()} selects. For fine-tuning,
 * {@link #attach} translates the same model into a bigger graph with trainable weights.
 */
public final class TextEncoder implements AutoCloseable {

    /** Suffixes of the variables the encoder adds to a graph (after its prefix). */
    public static final String TOKEN_STATES = "token_states";
    public static final String CLS = "cls";
    public static final String MEAN = "mean";
    public static final String POOLED = "pooled";
    /** Prefix of the standalone encoder's pooling ops. */
    static final String STANDALONE_PREFIX = "encoder/";
    /** The output BERT exports name the token states. */
    static final String LAST_HIDDEN_STATE = "last_hidden_state";

    /** Features of one batch. */
    public record Features(INDArray tokenStates, INDArray cls, INDArray mean, INDArray pooled) {
    }

    /**
     * The encoder inside a caller's graph.
     *
     * @param translation the translated model (trainable weights in {@link Translation#weights()})
     */
    public record InGraph(Translation translation, SDVariable tokenStates, SDVariable cls, SDVariable mean, SDVariable pooled) {
    }

    private final SameDiff sd;
    private final Map<TextSignature.Role, String> inputs = new HashMap<>();
    private final String states;
    private final String cls;
    private final String mean;
    private final TextConfig.Pooling pooling;
    private final VerificationReport verification;
    private final boolean cached;
    private final Long vocabulary;
    private final String source;
    private final VerifiedGraph graph;

    TextEncoder(VerifiedGraph graph, TextConfig.Pooling pooling) {
        this.graph = graph;
        this.sd = graph.sd();
        this.pooling = resolved(pooling);
        this.verification = graph.entry().verification();
        this.cached = graph.cached();
        this.vocabulary = graph.entry().vocabulary();
        this.source = graph.entry().source();
        graph.entry().inputs().forEach((onnx, var) -> inputs.put(TextSignature.role(onnx), var));
        if (!inputs.containsKey(TextSignature.Role.IDS) || !inputs.containsKey(TextSignature.Role.MASK)) {
            throw new UserInputException(graph.entry().source() + ": a text encoder needs input_ids and attention_mask inputs;"
                    + " the model has " + graph.entry().inputs().keySet());
        }
        SDVariable hidden = sd.getVariable(graph.entry().outputs().get(stateOutput(graph.entry().outputs().keySet(),
                graph.entry().source())));
        SDVariable mask = sd.getVariable(inputs.get(TextSignature.Role.MASK));
        this.states = sd.identity(STANDALONE_PREFIX + TOKEN_STATES, hidden).name();
        this.cls = TextPooling.cls(sd, STANDALONE_PREFIX + CLS, hidden).name();
        this.mean = TextPooling.mean(sd, STANDALONE_PREFIX + MEAN, hidden, mask).name();
    }

    /** The encoder the configuration names ({@code text.model}: a preset or an ONNX file), verified and cached. */
    public static TextEncoder load(TextConfig text, OutputConfig output) {
        TextModelChoice choice = TextModelChoice.of(text);
        return open(choice.source(), choice.pooling(), CacheRoot.resolve(output.cacheDir()));
    }

    /**
     * How a text encoder's weights are translated for inference. Variables: as constants the graph keeps the same 712
     * ops (its shape arithmetic depends on the input's shape, not on weights), and fine-tuned values are put into
     * these variables ({@link TunedGraphs}).
     */
    public static final TranslationOptions.Weights INFERENCE_WEIGHTS = TranslationOptions.Weights.VARIABLES;

    public static TextEncoder open(ModelSource source, TextConfig.Pooling pooling, Path cacheRoot) {
        EncoderGraphs graphs = new EncoderGraphs(new GraphCache(cacheRoot), ModelVerifier.DEFAULT_TOLERANCE,
                Runtime.getRuntime().availableProcessors());
        return new TextEncoder(graphs.obtain(source, KindSupport.of(ModelKind.TEXT), INFERENCE_WEIGHTS),
                pooling);
    }

    /**
     * Token states, [CLS] state, masked mean and the configured pooled vector of a batch: SameDiff's own arrays, valid
     * until the next call or {@link #close} (copy what you keep).
     */
    public Features encode(TokenTensors batch) {
        SessionArrays.install(sd);
        Map<String, INDArray> out = sd.output(feed(batch), states, cls, mean);
        INDArray pooled = pooling == TextConfig.Pooling.CLS ? out.get(cls) : out.get(mean);
        return new Features(out.get(states), out.get(cls), out.get(mean), pooled);
    }

    /** The configured pooled vector [B, H] only. */
    public INDArray pooled(TokenTensors batch) {
        String name = pooling == TextConfig.Pooling.CLS ? cls : mean;
        SessionArrays.install(sd);
        return sd.output(feed(batch), name).get(name);
    }

    private Map<String, INDArray> feed(TokenTensors batch) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(inputs.get(TextSignature.Role.IDS), batch.ids());
        feed.put(inputs.get(TextSignature.Role.MASK), batch.mask());
        if (inputs.containsKey(TextSignature.Role.TYPES)) {
            feed.put(inputs.get(TextSignature.Role.TYPES), batch.types());
        }
        return feed;
    }

    /**
     * Refuses a tokenizer whose vocabulary size differs from the word-embedding table's rows (exit 2 with both
     * numbers); call it with the tokenizer the pipeline will feed this encoder.
     */
    public void checkTokenizer(io.sentifuse.text.Tokenizer tokenizer, String tokenizerName) {
        if (vocabulary != null) {
            VocabularyCheck.check(tokenizer, tokenizerName, vocabulary, source);
        }
    }

    /** The verification that admitted this graph (for run provenance). */
    public VerificationReport verification() {
        return verification;
    }

    /**
     * The encoder of a graph stored elsewhere (a model bundle): {@code sd} as {@link #graph()} would save it before
     * the pooling ops were added, with its metadata {@code entry}. Nothing is verified here; the bundle's checksums
     * and its recorded verification vouch for it.
     */
    public static TextEncoder fromGraph(SameDiff sd, CacheEntry entry, TextConfig.Pooling pooling) {
        return new TextEncoder(new VerifiedGraph(sd, entry, true, null), pooling);
    }

    /** The verified graph this encoder runs: its cache entry and file (what a model bundle copies). */
    public VerifiedGraph verifiedGraph() {
        return graph;
    }

    /** Whether the graph came from the cache. */
    public boolean cached() {
        return cached;
    }

    public SameDiff graph() {
        return sd;
    }

    /**
     * Frees the arrays SameDiff keeps between calls (a later {@link #encode} allocates them again); not while another
     * thread encodes.
     */
    @Override
    public void close() {
        graph.releaseSessions();
    }

    /** {@link #attach(SameDiff, String, OnnxModel, SDVariable, SDVariable, SDVariable, TextConfig.Pooling)} for a source. */
    public static InGraph attach(SameDiff sd, String prefix, ModelSource source, SDVariable ids, SDVariable mask,
                                 SDVariable types, TextConfig.Pooling pooling) {
        return attach(sd, prefix, source.parse(), ids, mask, types, pooling);
    }

    /**
     * Translates {@code model} into {@code sd} (weights as trainable variables, names under {@code prefix}),
     * fed by the caller's {@code ids}, {@code mask} and optional {@code types} variables, and adds the pooling.
     * The model should be one that {@link #open} verified (same SHA-256).
     */
    public static InGraph attach(SameDiff sd, String prefix, OnnxModel model, SDVariable ids, SDVariable mask,
                                 SDVariable types, TextConfig.Pooling pooling) {
        return attach(sd, prefix, model, ids, mask, types, pooling, TranslationOptions.defaults());
    }

    /** {@link #attach(SameDiff, String, OnnxModel, SDVariable, SDVariable, SDVariable, TextConfig.Pooling)} with the
     * given rewrites and weight kind. */
    public static InGraph attach(SameDiff sd, String prefix, OnnxModel model, SDVariable ids, SDVariable mask,
                                 SDVariable types, TextConfig.Pooling pooling, TranslationOptions options) {
        resolved(pooling);
        Map<String, SDVariable> feed = new HashMap<>();
        for (OnnxModel.Port p : model.inputs()) {
            switch (TextSignature.role(p.name())) {
                case IDS -> feed.put(p.name(), ids);
                case MASK -> feed.put(p.name(), mask);
                case TYPES -> feed.put(p.name(), types != null ? types : sd.zerosLike(ids));
                default -> throw new UserInputException(model.source() + ": text model input '" + p.name()
                        + "' is not one of input_ids, attention_mask, token_type_ids");
            }
        }
        Translation t = new OnnxTranslator().translate(sd, model, options.withPrefix(prefix), feed);
        SDVariable hidden = t.output(stateOutput(t.outputs().keySet(), model.source()));
        SDVariable states = sd.identity(prefix + TOKEN_STATES, hidden);
        SDVariable c = TextPooling.cls(sd, prefix + CLS, hidden);
        SDVariable m = TextPooling.mean(sd, prefix + MEAN, hidden, mask);
        SDVariable pooled = sd.identity(prefix + POOLED, pooling == TextConfig.Pooling.CLS ? c : m);
        return new InGraph(t, states, c, m, pooled);
    }

    /** AUTO depends on the model, which only {@link TextModelChoice} knows: reaching here unresolved is a bug. */
    private static TextConfig.Pooling resolved(TextConfig.Pooling pooling) {
        if (pooling == TextConfig.Pooling.AUTO) {
            throw new IllegalArgumentException("text pooling 'auto' must be resolved by TextModelChoice first");
        }
        return pooling;
    }

    /** The ONNX output holding the token states: text.layers' average, last_hidden_state, else the first output. */
    static String stateOutput(java.util.Collection<String> outputs, String source) {
        if (outputs.contains(TextLayers.STATES)) {
            return TextLayers.STATES;
        }
        if (outputs.contains(LAST_HIDDEN_STATE)) {
            return LAST_HIDDEN_STATE;
        }
        return outputs.stream().findFirst().orElseThrow(() -> new UserInputException(source + " has no outputs"));
    }
}
