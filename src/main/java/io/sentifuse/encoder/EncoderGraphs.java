package io.sentifuse.encoder;

import io.sentifuse.encoder.cache.CacheEntry;
import io.sentifuse.encoder.cache.CacheKey;
import io.sentifuse.encoder.cache.GraphCache;
import io.sentifuse.encoder.image.PreparedImageModel;
import io.sentifuse.encoder.onnx.GatherGradient;
import io.sentifuse.encoder.onnx.OnnxTranslator;
import io.sentifuse.encoder.onnx.Translation;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.ModelVerifier;
import io.sentifuse.encoder.verify.VerificationReport;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.nd4j.autodiff.samediff.SDVariable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translated, verified graphs: from the cache when an entry for the model's SHA-256 exists, else translated,
 * compared with ONNX Runtime (refused beyond tolerance) and cached.
 */
public final class EncoderGraphs {

    private static final Logger LOG = LoggerFactory.getLogger(EncoderGraphs.class);

    private final GraphCache cache;
    private final double tolerance;
    private final int ortThreads;

    public EncoderGraphs(GraphCache cache, double tolerance, int ortThreads) {
        // ND4J's op registry takes about a second to build; start it while the cache key and files are read.
        CompletableFuture.runAsync(GatherGradient::install);
        this.cache = cache;
        this.tolerance = tolerance;
        this.ortThreads = ortThreads;
    }

    /**
     * The cache entry of {@code source} (a {@code kind} model) translated with {@code weights}; for image models also
     * this ND4J build's depthwise form (a graph made for one build runs on another, but slower, so each form gets
     * its own entry). Text encoders have no convolutions: one entry serves every build.
     */
    public CacheKey key(ModelSource source, ModelKind kind, TranslationOptions.Weights weights) {
        String variant = weights.name().toLowerCase(Locale.ROOT);
        if (kind == ModelKind.IMAGE) {
            variant += "-" + TranslationOptions.Depthwise.forBackend().id();
        }
        return new CacheKey(source.sha256(cache.checksums()), OnnxTranslator.VERSION, variant);
    }

    /** The cached graph of {@code source} (a {@code kind} model), if a sound entry exists. */
    public Optional<VerifiedGraph> cached(ModelSource source, ModelKind kind, TranslationOptions.Weights weights) {
        CacheKey key = key(source, kind, weights);
        return cache.load(key).map(hit -> new VerifiedGraph(hit.sd(), hit.entry(), true, hit.graphFile()));
    }

    /** The verified graph of {@code source}: from the cache, else parsed, checked, translated, verified and cached. */
    public VerifiedGraph obtain(ModelSource source, KindSupport kind, TranslationOptions.Weights weights) {
        Optional<VerifiedGraph> hit = cached(source, kind.kind(), weights);
        if (hit.isPresent()) {
            kind.kind().require(hit.get().entry().signature(), source.name());
            return hit.get();
        }
        OnnxModel model = source.parse();
        kind.kind().require(model);
        new OnnxTranslator().check(model);
        return build(source, model, kind, weights);
    }

    /**
     * The verified graph of an image model: from the cache (no conversion, no ONNX Runtime), else prepared
     * (converted, checked, features exposed), translated, verified on images at its input size and cached with
     * its feature description ({@link CacheEntry#image()}).
     */
    public VerifiedGraph obtainImage(ImageModelSource source, TranslationOptions.Weights weights) {
        ModelSource model = source.modelSource();
        Optional<VerifiedGraph> hit = cached(model, ModelKind.IMAGE, weights);
        if (hit.isPresent() && hit.get().entry().image() != null) {
            ModelKind.IMAGE.require(hit.get().entry().signature(), source.name());
            return hit.get();
        }
        PreparedImageModel prepared = source.prepare();
        VerifiedGraph built = build(model, source.model(), KindSupport.image(prepared.spec()), weights);
        source.release();
        return built;
    }

    /** Translates, verifies against ONNX Runtime (refusing the model beyond tolerance) and caches. */
    public VerifiedGraph build(ModelSource source, OnnxModel model, KindSupport kind, TranslationOptions.Weights weights) {
        CacheKey key = key(source, kind.kind(), weights);
        LOG.info("translating {} ({} nodes, opset {})", source.name(), model.graph().getNodeCount(), model.opset());
        Translation t = new OnnxTranslator().translate(model, TranslationOptions.defaults().withWeights(weights));
        Map<String, String> inputs = names(t.inputs());
        Map<String, String> outputs = names(t.outputs());
        LOG.info("verifying {} against ONNX Runtime", source.name());
        VerificationReport report = ModelVerifier.verify(source.bytes(), source.name(), t.sd(), inputs, outputs,
                kind.cases(model), tolerance, ortThreads);
        ModelVerifier.requireVerified(report, source.name());
        Long vocabulary = kind.kind() == ModelKind.TEXT ? VocabularyCheck.wordEmbeddings(model).rows() : null;
        CacheEntry entry = cache.store(key, t.sd(), new CacheEntry(key, source.name(), kind.kind().cli(), model.inputs(),
                vocabulary, inputs, outputs, t.weights(), t.ops(), 0, null, report, null, kind.image()));
        return new VerifiedGraph(t.sd(), entry, false, cache.folder(key).resolve(GraphCache.GRAPH_FILE));
    }

    private static Map<String, String> names(Map<String, SDVariable> vars) {
        Map<String, String> out = new LinkedHashMap<>();
        vars.forEach((k, v) -> out.put(k, v.name()));
        return out;
    }
}
