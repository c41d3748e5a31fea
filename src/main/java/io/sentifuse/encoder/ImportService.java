package io.sentifuse.encoder;

import io.sentifuse.encoder.cache.GraphCache;
import io.sentifuse.encoder.image.ImageModelSpec;
import io.sentifuse.encoder.image.NsfwjsReference;
import io.sentifuse.encoder.image.SameDiffImageRunner;
import io.sentifuse.encoder.onnx.OnnxTranslator;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.VerificationReport;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.image.ImageTransforms;
import io.sentifuse.text.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code import}: checks a model (ONNX file, kind from its inputs, operators, tokenizer vocabulary for text;
 * located features for images), obtains its verified graph (cache, or translation + verification against ONNX
 * Runtime) and writes it.
 */
public final class ImportService {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ImportService.class);

    /**
     * One import.
     *
     * @param model     the ONNX model
     * @param kind      what the user says it is
     * @param tokenizer tokenizer file for text models (null: the preset's own, or the file beside the model)
     * @param out       where to write the graph (null: only cache it)
     * @param tolerance largest accepted absolute difference from ONNX Runtime
     * @param weights   initializers as variables (fine-tunable) or constants
     * @param cacheRoot the cache folder
     * @param preset    the text preset {@code model} comes from, or null for a file
     */
    public record Request(ModelSource model, ModelKind kind, Path tokenizer, Path out, double tolerance,
                          TranslationOptions.Weights weights, Path cacheRoot, TextPreset preset) {
    }

    private final Function<Path, Tokenizer> tokenizers;
    private final int ortThreads;

    /** {@code tokenizers} opens tokenizer files ({@link TextTokenizers#load}). */
    public ImportService(Function<Path, Tokenizer> tokenizers, int ortThreads) {
        this.tokenizers = tokenizers;
        this.ortThreads = ortThreads;
    }

    public ImportResult run(Request r) {
        if (r.kind() == ModelKind.IMAGE) {
            if (r.model().file() == null) {
                throw new UserInputException(r.model().name() + " is not an image model file; image models import from"
                        + " an ONNX file or as the default (--default-image)");
            }
            return runImage(new ImageRequest(ImageModelSource.file(r.model().file()), r.out(), r.tolerance(),
                    r.weights(), r.cacheRoot()));
        }
        long start = System.nanoTime();
        EncoderGraphs graphs = new EncoderGraphs(new GraphCache(r.cacheRoot()), r.tolerance(), ortThreads);
        KindSupport kind = KindSupport.of(r.kind());
        Optional<VerifiedGraph> hit = graphs.cached(r.model(), r.kind(), r.weights());
        LOG.debug("cache lookup of {}: {} after {} ms", r.model().name(), hit.isPresent() ? "hit" : "miss",
                (System.nanoTime() - start) / 1_000_000);
        OnnxModel model = null;
        Long rows;
        if (hit.isPresent()) {
            r.kind().require(hit.get().entry().signature(), r.model().name());
            rows = hit.get().entry().vocabulary();
            if (rows == null && r.kind() == ModelKind.TEXT) {
                rows = VocabularyCheck.wordEmbeddings(r.model().parse()).rows();
            }
        } else {
            model = r.model().parse();
            r.kind().require(model);
            new OnnxTranslator().check(model);
            rows = r.kind() == ModelKind.TEXT ? VocabularyCheck.wordEmbeddings(model).rows() : null;
        }
        String tokenizerName = null;
        Integer vocabulary = null;
        if (r.kind() == ModelKind.TEXT) {
            Path file = r.tokenizer() != null ? r.tokenizer()
                    : r.preset() != null ? r.preset().tokenizerFile(r.cacheRoot()) : TextTokenizers.beside(r.model());
            if (file != null) {
                Tokenizer tokenizer = tokenizers.apply(file);
                VocabularyCheck.check(tokenizer, file.toString(), rows, r.model().name());
                tokenizerName = file.toString();
                vocabulary = tokenizer.vocabularySize();
            }
        }
        VerifiedGraph graph;
        if (hit.isPresent()) {
            graph = hit.get();
        } else {
            graph = graphs.build(r.model(), model, kind, r.weights());
        }
        LOG.debug("graph ready after {} ms", (System.nanoTime() - start) / 1_000_000);
        if (r.out() != null) {
            copy(graph.graphFile(), r.out());
        }
        VerificationReport v = graph.entry().verification();
        return new ImportResult(r.model().name(), r.kind().cli(), r.model().sha256(new GraphCache(r.cacheRoot()).checksums()),
                v.verified(), v.maxAbsDiff(), v.relL2(), v.shapes(), (System.nanoTime() - start) / 1e9,
                graph.entry().ops(), graph.cached(), r.out() == null ? null : r.out().toString(), tokenizerName, vocabulary,
                OnnxTranslator.VERSION, v, null, null, null, null);
    }

    /**
     * One image import.
     *
     * @param model     the CNN (a user's ONNX file or the nsfwjs default)
     * @param out       where to write the graph (null: only cache it)
     * @param tolerance largest accepted absolute difference from ONNX Runtime
     * @param weights   initializers as variables (fine-tunable) or constants
     * @param cacheRoot the cache folder
     */
    public record ImageRequest(ImageModelSource model, Path out, double tolerance, TranslationOptions.Weights weights,
                               Path cacheRoot) {
    }

    /**
     * Largest accepted difference between SameDiff's and nsfwjs's class probabilities on the reference images:
     * beyond it the conversion itself is wrong.
     */
    public static final double REFERENCE_TOLERANCE = 1e-3;

    /**
     * Imports an image model: checks (image input, translatable operators), features located and exposed,
     * translation, verification against ONNX Runtime on images at the model's input size, the cache; for the
     * default model also SameDiff's class probabilities against nsfwjs's own.
     */
    public ImportResult runImage(ImageRequest r) {
        long start = System.nanoTime();
        EncoderGraphs graphs = new EncoderGraphs(new GraphCache(r.cacheRoot()), r.tolerance(), ortThreads);
        VerifiedGraph graph = graphs.obtainImage(r.model(), r.weights());
        ImageModelSpec spec = graph.entry().image();
        Double reference = null;
        if (r.model().isDefault()) {
            NsfwjsReference.Comparison c = NsfwjsReference.compareBatch(new SameDiffImageRunner(graph.sd(),
                    graph.entry().inputs().get(spec.input()), graph.entry().outputs()), spec,
                    ImageTransforms.create(spec.preset().spec()));
            reference = c.maxProbDiff();
            LOG.info("{}: SameDiff class probabilities vs nsfwjs on {} reference images: max difference {}",
                    r.model().name(), c.images(), reference);
            if (!(reference <= REFERENCE_TOLERANCE)) {
                throw new IllegalStateException(r.model().name() + ": SameDiff's class probabilities differ from"
                        + " nsfwjs's own by " + reference + " (tolerance " + REFERENCE_TOLERANCE + ") on the reference"
                        + " images; the TF.js conversion is wrong");
            }
        }
        if (r.out() != null) {
            copy(graph.graphFile(), r.out());
        }
        VerificationReport v = graph.entry().verification();
        return new ImportResult(r.model().name(), ModelKind.IMAGE.cli(), graph.entry().key().sha256(), v.verified(),
                v.maxAbsDiff(), v.relL2(), v.shapes(), (System.nanoTime() - start) / 1e9, graph.entry().ops(),
                graph.cached(), r.out() == null ? null : r.out().toString(), null, null, OnnxTranslator.VERSION, v,
                reference, spec.pooledDim(), List.of(spec.spatialChannels(), spec.spatialHeight(), spec.spatialWidth()),
                spec.regions());
    }

    private static void copy(Path graph, Path out) {
        Path target = out.toAbsolutePath();
        Path tmp = AtomicFiles.tempSibling(target);
        try {
            Files.createDirectories(target.getParent());
            Files.copy(graph, tmp, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.moveIntoPlace(tmp, target);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new UserInputException("cannot write the graph to " + out + ": " + e, e);
        }
    }
}
